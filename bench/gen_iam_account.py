#!/usr/bin/env python3
"""Generate a synthetic `aws iam get-account-authorization-details` export for benchmarking
`wasp iam paths`.

The account imitates a large organisation's workload account: users in groups, roles for
services (Lambda, EC2 with instance profiles, ECS tasks, Glue, CodeBuild, CloudFormation),
roles trusting the account or one other role (role chains up to 10 deep), cross-account
roles, and customer managed policies with service wildcards, ARN wildcards, conditions
(aws:RequestedRegion, aws:PrincipalTag, iam:PassedToService, MFA) and denies. A few
administrators and a handful of escalation paths are planted:

  * a user allowed iam:PutUserPolicy on itself;
  * a user allowed iam:CreateAccessKey on an administrator;
  * a deployer role allowed iam:PassRole (to Lambda only) with lambda:CreateFunction and
    lambda:InvokeFunction, with an administrative role trusting lambda.amazonaws.com;
  * a chain of 10 roles, each trusting the previous, ending in an administrator;
  * a role allowed iam:CreatePolicyVersion on the customer managed policy attached to it.

Output depends only on the arguments (fixed seed).

Usage: python3 bench/gen_iam_account.py N_ROLES N_POLICIES OUT.json [--seed 1]
Standard library only.
"""

import argparse
import json
import random

ACCOUNT = "123456789012"
OTHER_ACCOUNTS = ["210987654321", "333344445555"]
SERVICES = [
    "lambda.amazonaws.com",
    "ec2.amazonaws.com",
    "ecs-tasks.amazonaws.com",
    "glue.amazonaws.com",
    "codebuild.amazonaws.com",
    "cloudformation.amazonaws.com",
]
DATA_ACTIONS = [
    "s3:GetObject", "s3:PutObject", "s3:ListBucket", "s3:DeleteObject",
    "dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:Query", "dynamodb:UpdateItem",
    "sqs:SendMessage", "sqs:ReceiveMessage", "sqs:DeleteMessage", "sns:Publish",
    "logs:CreateLogStream", "logs:PutLogEvents", "kms:Decrypt", "kms:GenerateDataKey",
    "secretsmanager:GetSecretValue", "ssm:GetParameter", "ec2:DescribeInstances",
    "cloudwatch:PutMetricData", "xray:PutTraceSegments", "ecr:GetAuthorizationToken",
    "lambda:UpdateFunctionCode", "ssm:StartSession",
]
WILDCARDS = ["s3:Get*", "dynamodb:*", "sqs:*", "logs:*", "ec2:Describe*", "cloudwatch:*",
             "iam:Get*", "iam:List*", "lambda:Get*", "kms:*"]


def arn(kind_name):
    return f"arn:aws:iam::{ACCOUNT}:{kind_name}"


def doc(statements):
    return {"Version": "2012-10-17", "Statement": statements}


def trust(principal):
    return doc([{"Effect": "Allow", "Principal": principal, "Action": "sts:AssumeRole"}])


def resource_for(rng, action):
    svc = action.split(":")[0]
    n = rng.randrange(200)
    if svc == "s3":
        return rng.choice([f"arn:aws:s3:::data-{n}/*", f"arn:aws:s3:::data-{n}", "*"])
    if svc == "dynamodb":
        return f"arn:aws:dynamodb:us-east-1:{ACCOUNT}:table/t{n}*"
    if svc == "sqs":
        return f"arn:aws:sqs:*:{ACCOUNT}:q-{n}"
    if svc == "kms":
        return f"arn:aws:kms:us-east-1:{ACCOUNT}:key/*"
    return "*"


def statement(rng, role_count):
    r = rng.random()
    if r < 0.55:
        actions = rng.sample(DATA_ACTIONS, rng.randint(1, 5))
        s = {"Effect": "Allow", "Action": actions, "Resource": resource_for(rng, actions[0])}
    elif r < 0.75:
        s = {"Effect": "Allow", "Action": rng.choice(WILDCARDS), "Resource": "*"}
    elif r < 0.85:
        # Role chaining to a specific role, or to a path of roles.
        target = rng.randrange(role_count)
        s = {"Effect": "Allow", "Action": "sts:AssumeRole",
             "Resource": rng.choice([arn(f"role/app-{target}"), arn(f"role/app-{target // 10}*")])}
    elif r < 0.92:
        s = {"Effect": "Allow", "Action": "iam:PassRole",
             "Resource": arn(f"role/app-{rng.randrange(role_count)}"),
             "Condition": {"StringEquals": {"iam:PassedToService": rng.choice(SERVICES)}}}
    else:
        s = {"Effect": "Deny", "Action": rng.choice(["s3:DeleteBucket", "iam:*User*", "kms:ScheduleKeyDeletion"]),
             "Resource": "*"}
    if rng.random() < 0.2:
        s["Condition"] = rng.choice([
            {"StringEquals": {"aws:RequestedRegion": ["us-east-1", "eu-west-1"]}},
            {"StringEquals": {"aws:PrincipalTag/team": f"team-{rng.randrange(20)}"}},
            {"Bool": {"aws:MultiFactorAuthPresent": "true"}},
        ])
    return s


def managed(name, document, versions=1):
    v = [{"Document": document, "VersionId": "v1", "IsDefaultVersion": versions == 1,
          "CreateDate": "2025-01-01T00:00:00Z"}]
    for k in range(2, versions + 1):
        v.append({"Document": document, "VersionId": f"v{k}", "IsDefaultVersion": k == versions,
                  "CreateDate": "2025-01-01T00:00:00Z"})
    return {"PolicyName": name, "PolicyId": "ANPA" + name.upper()[:16], "Arn": arn(f"policy/{name}"),
            "Path": "/", "DefaultVersionId": f"v{versions}", "AttachmentCount": 1,
            "PermissionsBoundaryUsageCount": 0, "IsAttachable": True,
            "CreateDate": "2025-01-01T00:00:00Z", "UpdateDate": "2025-01-01T00:00:00Z",
            "PolicyVersionList": v}


def role(name, trust_doc, attached=(), inline=None, profile=False):
    r = {"Path": "/", "RoleName": name, "RoleId": "AROA" + name.upper().replace("-", "")[:16],
         "Arn": arn(f"role/{name}"), "CreateDate": "2025-01-01T00:00:00Z",
         "AssumeRolePolicyDocument": trust_doc,
         "InstanceProfileList": [{"Arn": arn(f"instance-profile/{name}")}] if profile else [],
         "RolePolicyList": [{"PolicyName": "inline", "PolicyDocument": inline}] if inline else [],
         "AttachedManagedPolicies": [{"PolicyName": a.split("/")[-1], "PolicyArn": a} for a in attached],
         "Tags": [], "RoleLastUsed": {}}
    return r


def user(name, groups=(), attached=(), inline=None):
    return {"Path": "/", "UserName": name, "UserId": "AIDA" + name.upper().replace("-", "")[:16],
            "Arn": arn(f"user/{name}"), "CreateDate": "2025-01-01T00:00:00Z",
            "GroupList": list(groups),
            "UserPolicyList": [{"PolicyName": "inline", "PolicyDocument": inline}] if inline else [],
            "AttachedManagedPolicies": [{"PolicyName": a.split("/")[-1], "PolicyArn": a} for a in attached],
            "Tags": []}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("roles", type=int)
    ap.add_argument("policies", type=int)
    ap.add_argument("out")
    ap.add_argument("--seed", type=int, default=1)
    a = ap.parse_args()
    rng = random.Random(a.seed)

    admin_arn = "arn:aws:iam::aws:policy/AdministratorAccess"
    policies = [{"PolicyName": "AdministratorAccess", "PolicyId": "ANPAIWMBCKSKIEE64ZLYK",
                 "Arn": admin_arn, "Path": "/", "DefaultVersionId": "v1", "AttachmentCount": 5,
                 "IsAttachable": True, "PolicyVersionList": [
                     {"Document": doc([{"Effect": "Allow", "Action": "*", "Resource": "*"}]),
                      "VersionId": "v1", "IsDefaultVersion": True}]}]
    custom = []
    for i in range(a.policies):
        name = f"pol-{i}"
        statements = [statement(rng, a.roles) for _ in range(rng.randint(3, 8))]
        policies.append(managed(name, doc(statements), versions=rng.choice([1, 1, 1, 2, 3])))
        custom.append(arn(f"policy/{name}"))

    roles = []
    planted = 12
    for i in range(a.roles - planted):
        name = f"app-{i}"
        r = rng.random()
        if r < 0.40:
            svc = rng.choice(SERVICES)
            t = trust({"Service": svc})
            profile = svc == "ec2.amazonaws.com"
        elif r < 0.75:
            t = trust({"AWS": f"arn:aws:iam::{ACCOUNT}:root"})
            profile = False
        elif r < 0.92 and i > 0:
            t = trust({"AWS": arn(f"role/app-{rng.randrange(i)}")})
            profile = False
        else:
            t = trust({"AWS": f"arn:aws:iam::{rng.choice(OTHER_ACCOUNTS)}:root"})
            profile = False
        attached = rng.sample(custom, min(len(custom), rng.randint(1, 4)))
        inline = doc([statement(rng, a.roles) for _ in range(rng.randint(1, 4))]) if rng.random() < 0.3 else None
        roles.append(role(name, t, attached, inline, profile))

    # Administrators.
    roles.append(role("OrgAdmin", trust({"AWS": arn("user/alice")}), [admin_arn]))
    roles.append(role("BreakGlass", trust({"AWS": f"arn:aws:iam::{ACCOUNT}:root"}), [admin_arn]))
    # Planted: an administrative role Lambda can assume, and a deployer who may pass it.
    roles.append(role("LambdaAdmin", trust({"Service": "lambda.amazonaws.com"}), [admin_arn]))
    roles.append(role("Deployer", trust({"AWS": arn("user/ci")}), [], doc([
        {"Effect": "Allow", "Action": "iam:PassRole", "Resource": arn("role/Lambda*"),
         "Condition": {"StringEquals": {"iam:PassedToService": "lambda.amazonaws.com"}}},
        {"Effect": "Allow", "Action": ["lambda:CreateFunction", "lambda:InvokeFunction"],
         "Resource": "*"}])))
    # Planted: a chain of roles, each trusting the previous, the last an administrator.
    chain = 7
    for k in range(chain):
        prev = arn("user/intern") if k == 0 else arn(f"role/chain-{k - 1}")
        last = k == chain - 1
        roles.append(role(f"chain-{k}", trust({"AWS": prev}), [admin_arn] if last else [],
                          None if last else doc([{"Effect": "Allow", "Action": "sts:AssumeRole",
                                                  "Resource": arn(f"role/chain-{k + 1}")}])))
    # Planted: a role that may write a new version of its own policy.
    policies.append(managed("self-versioned", doc([
        {"Effect": "Allow", "Action": "iam:CreatePolicyVersion", "Resource": arn("policy/self-versioned")},
        {"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}])))
    roles.append(role("Versioner", trust({"Service": "ec2.amazonaws.com"}), [arn("policy/self-versioned")],
                      profile=True))

    groups = [{"Path": "/", "GroupName": "admins", "GroupId": "AGPAADMINS", "Arn": arn("group/admins"),
               "GroupPolicyList": [], "AttachedManagedPolicies": [
                   {"PolicyName": "AdministratorAccess", "PolicyArn": admin_arn}]}]
    n_groups = 40
    for g in range(n_groups):
        groups.append({"Path": "/", "GroupName": f"team-{g}", "GroupId": f"AGPATEAM{g}",
                       "Arn": arn(f"group/team-{g}"), "GroupPolicyList": [
                           {"PolicyName": "inline", "PolicyDocument": doc(
                               [statement(rng, a.roles) for _ in range(rng.randint(2, 5))])}],
                       "AttachedManagedPolicies": [
                           {"PolicyName": p.split("/")[-1], "PolicyArn": p}
                           for p in rng.sample(custom, min(len(custom), 2))]})

    users = [user("alice", ["admins"]), user("bob", ["admins"]),
             user("mallory", [], [], doc([{"Effect": "Allow", "Action": "iam:PutUserPolicy",
                                          "Resource": arn("user/${aws:username}")}])),
             user("helpdesk", [], [], doc([{"Effect": "Allow", "Action": ["iam:CreateAccessKey", "iam:ListAccessKeys"],
                                           "Resource": arn("user/*")}])),
             user("ci", [f"team-{0}"]), user("intern", [f"team-{1}"], [], doc(
                 [{"Effect": "Allow", "Action": "sts:AssumeRole", "Resource": arn("role/chain-0")}]))]
    for k in range(max(10, a.roles // 10)):
        users.append(user(f"user-{k}", [f"team-{rng.randrange(n_groups)}"],
                          rng.sample(custom, min(len(custom), rng.randint(0, 2))),
                          doc([statement(rng, a.roles) for _ in range(2)]) if rng.random() < 0.3 else None))

    out = {"UserDetailList": users, "GroupDetailList": groups, "RoleDetailList": roles,
           "Policies": policies}
    with open(a.out, "w") as f:
        json.dump(out, f, indent=1)


if __name__ == "__main__":
    main()
