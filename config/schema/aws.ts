// AWS fields: account, region, the VPC and its PrivateLink connectivity.
import { z } from "zod";
import { baselineSwitch } from "../prod-baseline";
import { AWS_DATABRICKS_REGIONS, REGION_MESSAGES } from "../regions";
import { awsEgressSchema } from "./egress";
import { cidr, port } from "./primitives";

/** One egress rule: a single `port` or a `fromPort`-`toPort` range (config/rules/aws-private-connectivity.ts checks the form and the width of `cidr`). */
const allowedEgressRule = z.strictObject({
  cidr,
  port: port.optional(),
  fromPort: port.optional(),
  toPort: port.optional(),
  protocol: z.literal("tcp", { message: 'is not "tcp"; only TCP egress can be added. Fix: set protocol: "tcp"' }).default("tcp"),
  // AWS accepts these characters in a security group rule description, up to 255 (EC2 API, IpRange.Description).
  description: z
    .string()
    .min(1, 'is empty; say what the rule reaches. Fix: e.g. "orders database (PostgreSQL)"')
    .max(255, "is longer than the 255 characters AWS allows. Fix: shorten it")
    .regex(
      /^[a-zA-Z0-9. _\-:/()#,@[\]+=&;{}!$*]*$/,
      "has a character AWS refuses in a rule description. Fix: use letters, digits, spaces and . _-:/()#,@[]+=&;{}!$*",
    ),
});

const awsNetworkSchema = z.strictObject({
  vpcCidr: cidr,
  availabilityZones: z
    .array(z.string())
    .min(2, "lists fewer than two zones; Databricks requires subnets in at least two. Fix: list two or three zones of the region"),
  /** Bits added to the VPC prefix for each private subnet: /16 + 3 = /19 subnets. */
  privateSubnetNewBits: z.number().int().min(1).max(10).default(3),
  natGatewayPerAz: z.boolean().default(false),
  /** Where classic compute may send traffic: open, through a domain-filtering firewall, or nowhere outside AWS (./egress). */
  egress: awsEgressSchema,
  /**
   * AWS PrivateLink to the Databricks control plane (Databricks docs, "Configure classic private
   * connectivity to Databricks" and "Configure inbound (front-end) private connectivity"). Off by
   * default: interface endpoints are billed per zone and hour (docs/private-connectivity.md).
   */
  privateConnectivity: z
    .strictObject({
      /**
       * Back-end: cluster nodes reach the workspace REST API and the secure cluster connectivity relay
       * through interface endpoints; the workspace security group's egress stays inside the VPC. Unset: on in prod.
       */
      backEnd: baselineSwitch,
      /** Front-end: users and deployers reach the workspace through an endpoint in a transit VPC of this range (peered or attached to the corporate network). Needs backEnd. */
      frontEnd: z.strictObject({ transitVpcCidr: cidr }).optional(),
      /** Prefix length of each endpoint subnet (one per zone, carved from the VPC's last block): AWS allows /16-/28. */
      endpointSubnetPrefix: z
        .number()
        .int()
        .min(16, "is below /16, larger than any VPC. Fix: use 26-28")
        .max(28, "is above /28, the smallest subnet AWS allows. Fix: use 26-28")
        .default(27),
      /** false rejects every connection from the public internet; Databricks allows it only with both back-end and front-end. */
      publicAccessEnabled: z.boolean().default(true),
      /**
       * With back-end on, extra egress of the workspace security group beyond the VPC and S3: sources
       * and mirrors the lockdown would cut off (a JDBC database in another network, a package mirror).
       * Each a TCP range to a CIDR no wider than a /8 (config/rules/aws-private-connectivity.ts refuses 0.0.0.0/0).
       */
      allowedEgress: z.array(allowedEgressRule).default([]),
    })
    .prefault({}),
});

export const awsSchema = z.strictObject({
  accountId: z.string().regex(/^\d{12}$/, 'is not an AWS account id. Fix: use the 12-digit id, e.g. "123456789012"'),
  region: z.enum(AWS_DATABRICKS_REGIONS, { message: REGION_MESSAGES.aws }),
  /** The customer-managed VPC of a classic workspace (required there); a serverless workspace has none and refuses it. */
  network: awsNetworkSchema.optional(),
});
