#!/usr/bin/env bash
# Plans (pull requests) or deploys (main) one environment's stacks, in dependency order, each signed
# in as the identity that owns it. Called by the workflows after `npm run synth`, with the matrix
# entry of scripts/ci/matrix.ts in the environment:
#   STACKS                "KIND:NAME ..." (metastore, egress-hub, workspace, config, data-path), in order
#   CLOUD                 aws | azure
#   DATABRICKS_ACCOUNT_ID the audience of the federation policies
#   BRINGS_OWN_WORKSPACE  true when no workspace stack hands on the CI/CD principal's id
#   DEPLOYER_CLIENT_ID    the deployer service principal (GitHub variable DATABRICKS_CLIENT_ID)
#   CICD_CLIENT_ID        only with BRINGS_OWN_WORKSPACE: the CI/CD principal's application id
#   ARM_CLIENT_ID         Azure: the plan or deploy identity of the job
#   CI_STACKS_DIR         where the synthesized stacks are (cdktf.out/stacks by default)
# Usage: scripts/ci/stacks.sh plan OUT_DIR       writes OUT_DIR/plan-STACK.json and OUT_DIR/waits.txt
#        scripts/ci/stacks.sh deploy REVIEWED    applies each stack whose fresh plan is the reviewed one
set -euo pipefail

mode=${1:?plan or deploy}
target=${2:?an output directory (plan) or the reviewed record (deploy)}
stacks_dir=${CI_STACKS_DIR:-cdktf.out/stacks}
export CI_STACKS_DIR=$stacks_dir
job_identity=${ARM_CLIENT_ID:-}
workspace_stack=""

# Who applies which stack: the account-level and cloud stacks (metastore, egress-hub, workspace, data-path) as the deployer; the
# workspace-config stack as the environment's CI/CD principal, by Databricks workload identity
# federation (AWS) or as its Entra identity (Azure: Key Vault-backed secret scopes need an Entra
# caller). DATABRICKS_TOKEN_AUDIENCE makes the workspace-level login ask for the audience the
# policies accept (the account id) instead of the workspace's token endpoint.
sign_in_as() {
  local kind=$1
  export DATABRICKS_TOKEN_AUDIENCE="$DATABRICKS_ACCOUNT_ID"
  if [[ $kind != config ]]; then
    export DATABRICKS_AUTH_TYPE=github-oidc DATABRICKS_CLIENT_ID="$DEPLOYER_CLIENT_ID" ARM_CLIENT_ID="$job_identity"
    return
  fi
  local cicd
  if [[ ${BRINGS_OWN_WORKSPACE:-false} == true ]]; then
    cicd=${CICD_CLIENT_ID:?the environment brings its own workspace: set the GitHub variable DATABRICKS_CICD_CLIENT_ID to the application id of its CI/CD principal}
  else
    cicd=$(tofu -chdir="$stacks_dir/$workspace_stack" output -raw cicd_application_id)
  fi
  if [[ $CLOUD == azure && ${BRINGS_OWN_WORKSPACE:-false} != true ]]; then
    export DATABRICKS_AUTH_TYPE=github-oidc-azure ARM_CLIENT_ID="$cicd"
    unset DATABRICKS_CLIENT_ID
  else
    export DATABRICKS_AUTH_TYPE=github-oidc DATABRICKS_CLIENT_ID="$cicd" ARM_CLIENT_ID="$job_identity"
  fi
}

# Whether a `tofu show -json` plan changes resources or outputs (outputs are what later stacks read).
changes() {
  node -e '
    const plan = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
    const busy = (actions) => !actions.every((a) => a === "no-op" || a === "read");
    const changed = (plan.resource_changes ?? []).some((rc) => rc.mode !== "data" && busy(rc.change.actions)) || Object.values(plan.output_changes ?? {}).some((oc) => busy(oc.actions));
    process.exit(changed ? 0 : 1);' "$1"
}

if [[ $mode == plan ]]; then mkdir -p "$target" && : > "$target/waits.txt"; fi
upstream_changed=""
for entry in $STACKS; do
  kind=${entry%%:*}
  stack=${entry#*:}
  dir=$stacks_dir/$stack
  if [[ $mode == plan && -n $upstream_changed ]]; then
    # Its plan would read outputs of a stack that is about to change: planned after that deploy.
    echo "$stack $upstream_changed" >> "$target/waits.txt"
    echo "::notice title=$stack not planned::it reads the outputs of $upstream_changed, which this pull request changes; it is planned and applied after that (deploy workflow, run by hand)"
    continue
  fi
  sign_in_as "$kind"
  tofu -chdir="$dir" init -input=false -no-color > /dev/null
  tofu -chdir="$dir" plan -input=false -lock-timeout=5m -no-color -out=ci.tfplan
  tofu -chdir="$dir" show -json ci.tfplan > "$dir/ci-plan.json"
  if [[ $mode == plan ]]; then
    cp "$dir/ci-plan.json" "$target/plan-$stack.json"
    if changes "$dir/ci-plan.json"; then upstream_changed=$stack; fi
  else
    npm run --silent ci:reviewed-plan -- check "$target" "$stack" "$dir/ci-plan.json"
    tofu -chdir="$dir" apply -input=false -lock-timeout=5m -no-color ci.tfplan
  fi
  if [[ $kind == workspace ]]; then workspace_stack=$stack; fi
done
