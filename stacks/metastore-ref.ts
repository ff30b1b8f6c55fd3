/** What a workspace stack needs of its metastore: the id to assign, and the admins group to join (shared stack only). */
export interface MetastoreRef {
  readonly id: string;
  readonly adminGroupId?: string;
  /** Name of that group: owner of the objects created at account level in the metastore. */
  readonly adminGroupName?: string;
  /** The region's network connectivity configuration (serverless egress), when the shared stack has one. */
  readonly networkConnectivityConfigId?: string;
}
