import { reviewView } from "./review-view";

// What the review view keeps and drops, on a small hand-made stack (the estate's views are the snapshots).
const stack = JSON.stringify({
  resource: {
    aws_s3_bucket: { data: { bucket: "data-1", tags: { Owner: "x" }, lifecycle: { prevent_destroy: true } } },
    aws_s3_bucket_server_side_encryption_configuration: {
      data_sse: {
        bucket: "${aws_s3_bucket.data.id}",
        rule: [{ apply_server_side_encryption_by_default: { sse_algorithm: "aws:kms", kms_master_key_id: "${aws_kms_key.k.arn}" } }],
      },
    },
    a_type_nobody_reviews: { thing: { size: 100 } },
    databricks_budget: {
      b: {
        alert_configurations: [
          { quantity_threshold: "10", time_period: "MONTH" },
          { quantity_threshold: "20", time_period: "MONTH" },
        ],
      },
    },
    databricks_cluster_policy: {
      p: {
        name: "p",
        definition: JSON.stringify({
          autotermination_minutes: { type: "fixed", value: 20 },
          "custom_tags.Owner": { type: "fixed", value: "x" },
        }),
      },
    },
  },
  data: {
    aws_iam_policy_document: { d: { statement: [{ actions: ["s3:GetObject"], resources: ["${aws_s3_bucket.data.arn}/*"], sid: "Read" }] } },
  },
});

describe("reviewView", () => {
  it("lists every address sorted, resources before data sources, an unreviewed type by its address alone", () => {
    const addresses = reviewView(stack)
      .split("\n")
      .filter((line) => !line.startsWith(" "));
    expect(addresses).toEqual([
      "a_type_nobody_reviews.thing",
      "aws_s3_bucket.data",
      "aws_s3_bucket_server_side_encryption_configuration.data_sse",
      "databricks_budget.b",
      "databricks_cluster_policy.p",
      "data.aws_iam_policy_document.d",
    ]);
  });

  it("shows the reviewed attributes one per line, references bare, and no tags", () => {
    expect(reviewView(stack)).toBe(
      [
        "a_type_nobody_reviews.thing",
        "aws_s3_bucket.data",
        '  bucket = "data-1"',
        "  lifecycle.prevent_destroy = true",
        "aws_s3_bucket_server_side_encryption_configuration.data_sse",
        "  rule[0].apply_server_side_encryption_by_default.kms_master_key_id = aws_kms_key.k.arn",
        '  rule[0].apply_server_side_encryption_by_default.sse_algorithm = "aws:kms"',
        "databricks_budget.b",
        '  alert_configurations[0].quantity_threshold = "10"',
        '  alert_configurations[0].time_period = "MONTH"',
        '  alert_configurations[1].quantity_threshold = "20"',
        '  alert_configurations[1].time_period = "MONTH"',
        "databricks_cluster_policy.p",
        '  definition.autotermination_minutes = {"type":"fixed","value":20}',
        "data.aws_iam_policy_document.d",
        '  statement[0].actions = ["s3:GetObject"]',
        '  statement[0].resources = ["${aws_s3_bucket.data.arn}/*"]',
      ].join("\n"),
    );
  });
});
