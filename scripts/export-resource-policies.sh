#!/usr/bin/env bash
# Exports the resource-based policies of one AWS account (S3 bucket policies, KMS key policies,
# SQS queue, SNS topic, Lambda function, Secrets Manager secret and ECR repository policies) as
# the combined document wasp reads (docs/iam.md#public-and-cross-account-access):
#
#   {"ResourcePolicies": [{"Arn": "...", "Account": "...", "Policy": "<JSON text>"}, ...],
#    "AccountPublicAccessBlocks": [{"Account": "...", "PublicAccessBlockConfiguration": {...}}]}
#
# with each bucket's S3 Block Public Access settings in its entry's
# PublicAccessBlockConfiguration, and the account's in AccountPublicAccessBlocks: they decide
# whether a public bucket policy lets anyone in.
#
# Usage: scripts/export-resource-policies.sh [-o FILE] [REGION...]
# Regions default to $AWS_REGION (or $AWS_DEFAULT_REGION). Needs the AWS CLI v2, python3, and
# read-only permissions (s3:GetBucketPolicy, s3:GetBucketPublicAccessBlock,
# s3:GetAccountPublicAccessBlock, kms:GetKeyPolicy, sqs:GetQueueAttributes,
# sns:GetTopicAttributes, lambda:GetPolicy, secretsmanager:GetResourcePolicy,
# ecr:GetRepositoryPolicy and the List/Describe calls). A resource without a policy is skipped.
set -euo pipefail

out=-
if [[ "${1:-}" == "-o" ]]; then
  out="$2"
  shift 2
fi
regions=("$@")
if [[ ${#regions[@]} -eq 0 ]]; then
  regions=("${AWS_REGION:-${AWS_DEFAULT_REGION:-}}")
fi
if [[ -z "${regions[0]}" ]]; then
  echo "export-resource-policies: give a region (or set AWS_REGION)" >&2
  exit 2
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
account=$(aws sts get-caller-identity --query Account --output text)
n=0

# keep ARN JSON-STRING: one policy (as `--output json` prints a string) for the resource.
keep() {
  local arn="$1" policy="$2"
  [[ -z "$policy" || "$policy" == "null" ]] && return 0
  n=$((n + 1))
  printf '%s' "$arn" >"$work/$n.arn"
  printf '%s' "$policy" >"$work/$n.policy"
}

# Buckets are listed once for all Regions; each policy is read in the bucket's own Region
# (get-bucket-location gives null for us-east-1 and "EU" for the oldest eu-west-1 buckets).
for bucket in $(aws s3api list-buckets --query 'Buckets[].Name' --output text); do
  where=$(aws s3api get-bucket-location --bucket "$bucket" --query LocationConstraint \
    --output text 2>/dev/null) || continue
  case "$where" in None | null | "") where=us-east-1 ;; EU) where=eu-west-1 ;; esac
  policy=$(aws s3api get-bucket-policy --region "$where" --bucket "$bucket" --query Policy \
    --output json 2>/dev/null) || continue
  before=$n
  keep "arn:aws:s3:::$bucket" "$policy"
  [[ $n -eq $before ]] && continue
  # No configuration means every setting is off; any other error leaves them unknown.
  if block=$(aws s3api get-public-access-block --region "$where" --bucket "$bucket" \
      --query PublicAccessBlockConfiguration --output json 2>"$work/error"); then
    printf '%s' "$block" >"$work/$n.block"
  elif grep -q NoSuchPublicAccessBlockConfiguration "$work/error"; then
    printf '{}' >"$work/$n.block"
  fi
done
if block=$(aws s3control get-public-access-block --account-id "$account" \
    --query PublicAccessBlockConfiguration --output json 2>"$work/error"); then
  printf '%s' "$block" >"$work/account.block"
elif grep -q NoSuchPublicAccessBlockConfiguration "$work/error"; then
  printf '{}' >"$work/account.block"
fi

for region in "${regions[@]}"; do
  r=(--region "$region")
  for key in $(aws kms list-keys "${r[@]}" --query 'Keys[].KeyArn' --output text); do
    manager=$(aws kms describe-key "${r[@]}" --key-id "$key" --query KeyMetadata.KeyManager \
      --output text 2>/dev/null) || continue
    [[ "$manager" == "CUSTOMER" ]] || continue
    policy=$(aws kms get-key-policy "${r[@]}" --key-id "$key" --policy-name default \
      --query Policy --output json 2>/dev/null) || continue
    keep "$key" "$policy"
  done
  for url in $(aws sqs list-queues "${r[@]}" --query 'QueueUrls[]' --output text); do
    [[ "$url" == "None" ]] && continue
    arn=$(aws sqs get-queue-attributes "${r[@]}" --queue-url "$url" \
      --attribute-names QueueArn --query Attributes.QueueArn --output text)
    policy=$(aws sqs get-queue-attributes "${r[@]}" --queue-url "$url" \
      --attribute-names Policy --query Attributes.Policy --output json)
    keep "$arn" "$policy"
  done
  for topic in $(aws sns list-topics "${r[@]}" --query 'Topics[].TopicArn' --output text); do
    policy=$(aws sns get-topic-attributes "${r[@]}" --topic-arn "$topic" \
      --query Attributes.Policy --output json)
    keep "$topic" "$policy"
  done
  for fn in $(aws lambda list-functions "${r[@]}" --query 'Functions[].FunctionArn' \
      --output text); do
    policy=$(aws lambda get-policy "${r[@]}" --function-name "$fn" --query Policy \
      --output json 2>/dev/null) || continue
    keep "$fn" "$policy"
  done
  for secret in $(aws secretsmanager list-secrets "${r[@]}" --query 'SecretList[].ARN' \
      --output text); do
    policy=$(aws secretsmanager get-resource-policy "${r[@]}" --secret-id "$secret" \
      --query ResourcePolicy --output json)
    keep "$secret" "$policy"
  done
  for repo in $(aws ecr describe-repositories "${r[@]}" \
      --query 'repositories[].[repositoryArn,repositoryName]' --output text | tr '\t' '|'); do
    policy=$(aws ecr get-repository-policy "${r[@]}" --repository-name "${repo#*|}" \
      --query policyText --output json 2>/dev/null) || continue
    keep "${repo%%|*}" "$policy"
  done
done

python3 - "$work" "$n" "$account" "$out" <<'PY'
import json, os, sys
work, n, account, out = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4]
entries = []
for i in range(1, n + 1):
    with open(os.path.join(work, f"{i}.arn")) as f:
        arn = f.read()
    with open(os.path.join(work, f"{i}.policy")) as f:
        policy = json.load(f)  # the JSON string the CLI printed: the policy's text
    entry = {"Arn": arn, "Account": account, "Policy": policy}
    block = os.path.join(work, f"{i}.block")
    if os.path.exists(block):
        with open(block) as f:
            entry["PublicAccessBlockConfiguration"] = json.load(f)
    entries.append(entry)
doc = {"ResourcePolicies": entries}
block = os.path.join(work, "account.block")
if os.path.exists(block):
    with open(block) as f:
        doc["AccountPublicAccessBlocks"] = [
            {"Account": account, "PublicAccessBlockConfiguration": json.load(f)}]
text = json.dumps(doc, indent=2) + "\n"
if out == "-":
    sys.stdout.write(text)
else:
    tmp = out + ".tmp"
    with open(tmp, "w") as f:
        f.write(text)
    os.replace(tmp, out)
PY
