#!/usr/bin/env python3
"""Writes a deterministic corpus of `wasp iam eval` documents for differential testing.

    generate.py SEED N OUTDIR

Each document is one request against the policy layers that apply to it (docs/iam.md). The
requests and policies are drawn from a small, realistic world (two accounts, users, roles and
their sessions, S3 buckets, DynamoDB tables, SQS queues, SNS topics, KMS keys, secrets) so that
conditions, wildcards and principals match about as often as they do not.

Beside the documents, OUTDIR/manifest.jsonl has one line per document: its file name and the
features it exercises, which compare.py uses to group disagreements.
"""

import json
import os
import random
import sys

HOME = "111122223333"
OTHER = "444455556666"
REGIONS = ["eu-west-1", "us-east-1"]

USERS = [("alice", "/"), ("bob", "/engineering/"), ("carol", "/finance/")]
ROLES = [("orders-api", "/service-role/"), ("reporting", "/"), ("deployer", "/ci/")]
SESSIONS = ["task-7f3c", "i-0abc1234", "alice@example.com"]
TEAMS = ["orders", "finance", "platform"]
ORG = "o-a1b2c3d4e5"
IPS = ["203.0.113.9", "203.0.113.200", "198.51.100.7", "192.0.2.44", "2001:db8::1f"]
CIDRS = ["203.0.113.0/24", "203.0.113.0/25", "198.51.100.0/24", "10.0.0.0/8", "2001:db8::/32"]
VPCS = ["vpc-0a1b2c3d", "vpc-99887766"]
TIMES = ["2026-11-29T08:00:00Z", "2026-06-01T00:00:00Z", "2027-01-15T12:30:00Z"]
TIME_BOUNDS = ["2026-12-31T23:59:59Z", "2026-07-01T00:00:00Z", "2026-11-29T08:00:00Z"]
TAG_KEYS = ["team", "env", "cost-center", "owner"]


def principal_arn(kind, account, name, path="/", session=None):
    if kind == "user":
        return f"arn:aws:iam::{account}:user{path}{name}"
    if kind == "role":
        return f"arn:aws:iam::{account}:role{path}{name}"
    return f"arn:aws:sts::{account}:assumed-role/{name}/{session}"


class World:
    """The resources of the resource account, with an action set per service."""

    def __init__(self, rng, region, account):
        self.rng = rng
        self.region = region
        self.account = account

    def pick(self):
        r = self.rng
        a, reg = self.account, self.region
        bucket = r.choice(["shop-invoices", "shop-data", "home-bucket"])
        key = r.choice(["2026/11/inv-1001.pdf", "reports/q3.csv", "alice/notes.txt", "bob/cv.pdf"])
        choices = [
            ("s3", r.choice(["s3:GetObject", "s3:PutObject", "s3:DeleteObject"]),
             f"arn:aws:s3:::{bucket}/{key}"),
            ("s3", "s3:ListBucket", f"arn:aws:s3:::{bucket}"),
            ("dynamodb", r.choice(["dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:Query"]),
             f"arn:aws:dynamodb:{reg}:{a}:table/{r.choice(['orders', 'customers'])}"),
            ("sqs", r.choice(["sqs:SendMessage", "sqs:ReceiveMessage"]),
             f"arn:aws:sqs:{reg}:{a}:{r.choice(['order-events', 'billing-jobs'])}"),
            ("sns", "sns:Publish", f"arn:aws:sns:{reg}:{a}:{r.choice(['alerts', 'orders'])}"),
            ("kms", r.choice(["kms:Decrypt", "kms:Encrypt", "kms:GenerateDataKey"]),
             f"arn:aws:kms:{reg}:{a}:key/{r.choice(['1234abcd-12ab-34cd-56ef-1234567890ab', 'abcd1234-a123-456a-a12b-a123b4cd56ef'])}"),
            ("secretsmanager", "secretsmanager:GetSecretValue",
             f"arn:aws:secretsmanager:{reg}:{a}:secret:{r.choice(['prod/db-AbCdEf', 'dev/api-key-123456'])}"),
            ("ec2", r.choice(["ec2:DescribeInstances", "ec2:DescribeVpcs"]), "*"),
        ]
        return r.choice(choices)


class Gen:
    def __init__(self, rng):
        self.r = rng
        self.features = set()

    # --- requests -----------------------------------------------------------------------

    def request(self):
        r = self.r
        cross = r.random() < 0.3
        p_account = OTHER if cross else HOME
        kind = r.choice(["user", "user", "session", "session"])
        if kind == "user":
            name, path = r.choice(USERS)
            arn = principal_arn("user", p_account, name, path)
            self.features.add("principal-user")
        else:
            name, path = r.choice(ROLES)
            arn = principal_arn("session", p_account, name, session=r.choice(SESSIONS))
            self.features.add("principal-session")
        region = r.choice(REGIONS)
        world = World(r, region, HOME)
        service, action, resource = world.pick()
        req = {"principal": arn}
        if kind == "session":
            # The role's ARN with its path: what aws:PrincipalArn holds.
            req["role_arn"] = principal_arn("role", p_account, name, path)
        req["principal_account"] = p_account
        req["action"] = action
        req["resource"] = resource
        req["resource_account"] = HOME
        if cross:
            self.features.add("cross-account")
        # S3 buckets and objects have no aws:ResourceTag key (S3 uses its own tag keys).
        if resource != "*" and service != "s3" and r.random() < 0.4:
            req["resource_tags"] = {"team": r.choice(TEAMS)}
        if r.random() < 0.6:
            req["principal_tags"] = {"team": r.choice(TEAMS)}
            if r.random() < 0.4:
                req["principal_tags"]["env"] = r.choice(["prod", "dev"])
        ctx = {}
        if r.random() < 0.8:
            ctx["aws:SourceIp"] = r.choice(IPS)
        if r.random() < 0.7:
            ctx["aws:CurrentTime"] = r.choice(TIMES)
        if r.random() < 0.7:
            ctx["aws:SecureTransport"] = r.choice(["true", "false"])
        if r.random() < 0.5:
            ctx["aws:MultiFactorAuthPresent"] = r.choice(["true", "false"])
            if ctx["aws:MultiFactorAuthPresent"] == "true" and r.random() < 0.8:
                ctx["aws:MultiFactorAuthAge"] = str(r.choice([60, 1800, 3600, 7200, 86400]))
        if r.random() < 0.6:
            ctx["aws:PrincipalOrgID"] = r.choice([ORG, ORG, "o-zz99yy88xx"])
        if r.random() < 0.5:
            ctx["aws:RequestedRegion"] = region
        if r.random() < 0.4:
            ctx["aws:SourceVpc"] = r.choice(VPCS)
        if r.random() < 0.4:
            ctx["aws:TagKeys"] = r.sample(TAG_KEYS, r.randint(1, 3))
        if r.random() < 0.4:
            ctx["aws:PrincipalOrgPaths"] = r.sample(
                [f"{ORG}/r-ab12/ou-ab12-11111111/", f"{ORG}/r-ab12/ou-ab12-22222222/",
                 "o-zz99yy88xx/r-zz99/ou-zz99-33333333/"], r.randint(1, 2))
        if r.random() < 0.3:
            ctx["aws:SourceArn"] = r.choice([
                f"arn:aws:sns:{region}:{HOME}:alerts",
                f"arn:aws:s3:::shop-data",
                f"arn:aws:sns:{region}:{OTHER}:alerts"])
        if r.random() < 0.3:
            ctx["aws:EpochTime"] = r.choice(["1795939200", "1780272000"])
        if ctx:
            req["context"] = ctx
        return req, service

    # --- policy pieces ------------------------------------------------------------------

    def actions_for(self, req, service):
        r = self.r
        action = req["action"]
        svc, name = action.split(":")
        options = [
            action,
            action.lower() if r.random() < 0.5 else action.upper().replace(svc.upper(), svc),
            f"{svc}:*",
            f"{svc}:{name[:3]}*",
            f"{svc}:*{name[-4:]}",
            f"{svc}:{'?' + name[1:]}",
            "*",
            f"{svc}:List*",
            "s3:GetObject",
            "dynamodb:Scan",
            "sqs:DeleteMessage",
            "kms:ReEncrypt*",
        ]
        n = r.randint(1, 3)
        out = r.sample(options, n)
        if any("*" in a or "?" in a for a in out):
            self.features.add("action-wildcard")
        return out if len(out) > 1 else out[0]

    def resources_for(self, req):
        r = self.r
        res = req["resource"]
        if res == "*":
            return "*"
        options = [res, "*"]
        if res.startswith("arn:aws:s3:::"):
            bucket = res[len("arn:aws:s3:::"):].split("/")[0]
            options += [f"arn:aws:s3:::{bucket}/*", f"arn:aws:s3:::{bucket}",
                        "arn:aws:s3:::shop-*", "arn:aws:s3:::other-bucket/*",
                        f"arn:aws:s3:::{bucket}/2026/*", f"arn:aws:s3:::{bucket}/*.pdf"]
            if r.random() < 0.5:
                options.append("arn:aws:s3:::home-bucket/${aws:username}/*")
                options.append("arn:aws:s3:::${aws:PrincipalTag/team}-*/*")
        else:
            parts = res.split(":")
            svc, region, account = parts[2], parts[3], parts[4]
            rest = ":".join(parts[5:])
            options += [f"arn:aws:{svc}:*:{account}:*",
                        f"arn:aws:{svc}:{region}:{account}:*",
                        f"arn:aws:{svc}:{region}:{OTHER}:*",
                        f"arn:aws:{svc}:*:*:{rest}",
                        f"arn:aws:{svc}:{region}:{account}:{rest[:4]}*"]
            if svc == "dynamodb":
                options.append(f"arn:aws:dynamodb:{region}:{account}:table/${{aws:PrincipalTag/team}}")
        out = r.sample(options, r.randint(1, 2))
        if any("${" in x for x in out):
            self.features.add("policy-variable")
        if any("*" in x or "?" in x for x in out):
            self.features.add("resource-wildcard")
        return out if len(out) > 1 else out[0]

    def condition(self, req):
        """One condition block with one to two operators on global keys."""
        r = self.r
        makers = [self.c_string, self.c_numeric, self.c_date, self.c_bool, self.c_ip,
                  self.c_arn, self.c_null, self.c_set, self.c_variable]
        block = {}
        for _ in range(r.randint(1, 2)):
            op, key, value = r.choice(makers)()
            block.setdefault(op, {})[key] = value
        return block

    def ifexists(self, op):
        if self.r.random() < 0.25:
            self.features.add("cond-IfExists")
            return op + "IfExists"
        return op

    def c_string(self):
        r = self.r
        self.features.add("cond-String")
        key, values = r.choice([
            ("aws:PrincipalOrgID", [ORG, "o-zz99yy88xx"]),
            ("aws:RequestedRegion", REGIONS + ["ap-southeast-2"]),
            ("aws:SourceVpc", VPCS + ["vpc-11111111"]),
            ("aws:PrincipalTag/team", TEAMS),
            ("aws:PrincipalTag/env", ["prod", "dev", "PROD"]),
        ])
        op = r.choice(["StringEquals", "StringNotEquals", "StringEqualsIgnoreCase",
                       "StringNotEqualsIgnoreCase", "StringLike", "StringNotLike"])
        vals = r.sample(values, r.randint(1, 2))
        if "Like" in op:
            vals = [v[:max(2, len(v) // 2)] + "*" if r.random() < 0.5 else v for v in vals]
        if "IgnoreCase" in op:
            vals = [v.upper() if r.random() < 0.5 else v for v in vals]
        return self.ifexists(op), key, vals if len(vals) > 1 else vals[0]

    def c_numeric(self):
        r = self.r
        self.features.add("cond-Numeric")
        op = r.choice(["NumericEquals", "NumericNotEquals", "NumericLessThan",
                       "NumericLessThanEquals", "NumericGreaterThan", "NumericGreaterThanEquals"])
        return self.ifexists(op), "aws:MultiFactorAuthAge", str(r.choice([60, 3600, 7200]))

    def c_date(self):
        r = self.r
        self.features.add("cond-Date")
        op = r.choice(["DateEquals", "DateNotEquals", "DateLessThan", "DateLessThanEquals",
                       "DateGreaterThan", "DateGreaterThanEquals"])
        if r.random() < 0.25:
            return self.ifexists(op), "aws:EpochTime", r.choice(["1795939200", "1790000000"])
        return self.ifexists(op), "aws:CurrentTime", r.choice(TIME_BOUNDS)

    def c_bool(self):
        r = self.r
        self.features.add("cond-Bool")
        key = r.choice(["aws:SecureTransport", "aws:MultiFactorAuthPresent"])
        return self.ifexists("Bool"), key, r.choice(["true", "false"])

    def c_ip(self):
        r = self.r
        self.features.add("cond-IpAddress")
        op = r.choice(["IpAddress", "NotIpAddress"])
        vals = r.sample(CIDRS, r.randint(1, 2))
        return self.ifexists(op), "aws:SourceIp", vals if len(vals) > 1 else vals[0]

    def c_arn(self):
        r = self.r
        self.features.add("cond-Arn")
        op = r.choice(["ArnEquals", "ArnLike", "ArnNotEquals", "ArnNotLike"])
        if r.random() < 0.5:
            key = "aws:SourceArn"
            vals = [f"arn:aws:sns:*:{HOME}:alerts", "arn:aws:s3:::shop-data",
                    f"arn:aws:sns:eu-west-1:{HOME}:*"]
        else:
            key = "aws:PrincipalArn"
            vals = [f"arn:aws:iam::{HOME}:role/*", f"arn:aws:iam::{HOME}:user/alice",
                    f"arn:aws:iam::*:role/service-role/orders-api",
                    f"arn:aws:iam::{OTHER}:*"]
        vals = r.sample(vals, r.randint(1, 2))
        return self.ifexists(op), key, vals if len(vals) > 1 else vals[0]

    def c_null(self):
        r = self.r
        self.features.add("cond-Null")
        key = r.choice(["aws:SourceVpc", "aws:MultiFactorAuthAge", "aws:PrincipalTag/env",
                        "aws:TagKeys"])
        return "Null", key, r.choice(["true", "false"])

    def c_set(self):
        r = self.r
        qual = r.choice(["ForAllValues:", "ForAnyValue:"])
        self.features.add("cond-" + qual.rstrip(":"))
        if r.random() < 0.6:
            key = "aws:TagKeys"
            op = r.choice(["StringEquals", "StringLike", "StringNotEquals"])
            vals = r.sample(TAG_KEYS + ["project"], r.randint(1, 3))
            if op == "StringLike":
                vals = [v[:2] + "*" for v in vals]
        else:
            key = "aws:PrincipalOrgPaths"
            op = r.choice(["StringLike", "StringNotLike"])
            vals = [f"{ORG}/r-ab12/ou-ab12-11111111/*", f"{ORG}/*"][: r.randint(1, 2)]
        return qual + op, key, vals if len(vals) > 1 else vals[0]

    def c_variable(self):
        r = self.r
        self.features.add("policy-variable")
        if r.random() < 0.5:
            return "StringEquals", "aws:ResourceTag/team", "${aws:PrincipalTag/team}"
        return ("StringLike", "aws:PrincipalArn",
                "arn:aws:iam::${aws:PrincipalAccount}:*")

    # --- policies -----------------------------------------------------------------------

    def statement(self, req, service, effect=None, principal=None, allow_wide=True):
        r = self.r
        s = {}
        if r.random() < 0.3:
            s["Sid"] = r.choice(["ReadOrders", "WriteInvoices", "DenyInsecure", "AllowTeam",
                                 "RequireMfa", "OrgOnly"])
        s["Effect"] = effect or ("Deny" if r.random() < 0.15 else "Allow")
        if s["Effect"] == "Deny":
            self.features.add("deny")
        if principal is not None:
            s["Principal"] = principal
        if r.random() < 0.12:
            s["NotAction"] = self.actions_for(req, service)
            self.features.add("not-action")
        else:
            s["Action"] = self.actions_for(req, service)
        if r.random() < 0.12:
            s["NotResource"] = self.resources_for(req)
            self.features.add("not-resource")
        else:
            s["Resource"] = self.resources_for(req)
        if r.random() < 0.45:
            s["Condition"] = self.condition(req)
        return s

    def policy(self, req, service, n=None, principal_fn=None):
        statements = []
        for _ in range(n or self.r.randint(1, 3)):
            principal = principal_fn() if principal_fn else None
            statements.append(self.statement(req, service, principal=principal))
        return {"Version": "2012-10-17", "Statement": statements}

    def resource_principal(self, req):
        r = self.r
        arn = req["principal"]
        acct = req.get("principal_account", HOME)
        role = req.get("role_arn")
        choices = [("principal-account-id", {"AWS": acct}),
                   ("principal-account-root", {"AWS": f"arn:aws:iam::{acct}:root"}),
                   ("principal-star", "*"),
                   ("principal-star", {"AWS": "*"}),
                   ("principal-other", {"AWS": f"arn:aws:iam::{OTHER if acct == HOME else HOME}:root"}),
                   ("principal-other", {"AWS": f"arn:aws:iam::{acct}:user/mallory"})]
        if role:
            choices += [("principal-role", {"AWS": role}), ("principal-role", {"AWS": role}),
                        ("principal-session", {"AWS": arn})]
        else:
            choices += [("principal-user", {"AWS": arn}), ("principal-user", {"AWS": arn})]
        feature, p = r.choice(choices)
        self.features.add("rp-" + feature)
        return p

    def scp_levels(self, req, service):
        r = self.r
        full = {"Version": "2012-10-17",
                "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]}
        levels = []
        for _ in range(r.randint(1, 3)):
            level = []
            if r.random() < 0.75:
                level.append({"name": "FullAWSAccess", "document": full})
            else:
                self.features.add("scp-allow-list")
                level.append({"Version": "2012-10-17", "Statement": [
                    {"Effect": "Allow", "Action": self.actions_for(req, service),
                     "Resource": "*"}]})
            if r.random() < 0.4:
                self.features.add("scp-deny")
                st = {"Effect": "Deny", "Action": self.actions_for(req, service),
                      "Resource": "*", "Condition": self.condition(req)}
                level.append({"Version": "2012-10-17", "Statement": [st]})
            levels.append(level)
        return levels

    def rcp_levels(self, req, service):
        # Resource control policies only deny (RCPFullAWSAccess is at every level), and apply to
        # principals outside the organization's data perimeter.
        full = {"Version": "2012-10-17", "Statement": [
            {"Effect": "Allow", "Principal": "*", "Action": "*", "Resource": "*"}]}
        deny = {"Version": "2012-10-17", "Statement": [
            {"Effect": "Deny", "Principal": "*",
             "Action": [a for a in [req["action"], service + ":*", service + ":Get*"]
                        if self.r.random() < 0.6] or service + ":*",
             "Resource": "*", "Condition": self.condition(req)}]}
        return [[{"name": "RCPFullAWSAccess", "document": full}, deny]]

    def document(self):
        r = self.r
        req, service = self.request()
        doc = {"request": req}
        ids = [self.policy(req, service) for _ in range(r.randint(1, 3))]
        if r.random() < 0.1:
            ids = []
            self.features.add("no-identity-policy")
        doc["identity_policies"] = [
            {"name": f"{'inline' if i == 0 else 'managed'}-{j}", "document": p}
            for j, (i, p) in enumerate(((r.randint(0, 1), p) for p in ids))]
        if r.random() < 0.25:
            self.features.add("boundary")
            doc["permissions_boundary"] = self.policy(req, service, n=r.randint(1, 2))
        has_resource_policy = service in ("s3", "sqs", "sns", "kms", "secretsmanager") and (
            r.random() < 0.65 or service == "kms")
        if has_resource_policy:
            self.features.add("resource-policy")
            doc["resource_policy"] = self.policy(
                req, service, n=r.randint(1, 3), principal_fn=lambda: self.resource_principal(req))
        if service == "kms":
            self.features.add("kms-key-policy")
            doc["resource_policy_required"] = True
        if r.random() < 0.3:
            self.features.add("scp")
            doc["scps"] = self.scp_levels(req, service)
        if r.random() < 0.1 and service in ("s3", "sqs", "kms", "secretsmanager", "dynamodb"):
            self.features.add("rcp")
            doc["rcps"] = self.rcp_levels(req, service)
        if req["principal"].startswith("arn:aws:sts:") and r.random() < 0.2:
            self.features.add("session-policy")
            doc["session_policy"] = self.policy(req, service, n=r.randint(1, 2))
        if r.random() < 0.35:
            self.edges(doc, req, service)
        if "cross-account" in self.features:
            self.features.add(service + "-cross-account")
        return doc

    # --- edge cases: the corners where engines part ways --------------------------------

    def all_statements(self, doc):
        out = []
        for p in doc.get("identity_policies", []):
            out += p["document"]["Statement"]
        for k in ("permissions_boundary", "session_policy", "resource_policy"):
            if k in doc:
                out += doc[k]["Statement"]
        return out

    def edges(self, doc, req, service):
        r = self.r
        statements = self.all_statements(doc)
        edits = [self.e_action_case, self.e_key_case, self.e_version_2008, self.e_variable_default,
                 self.e_literal_star, self.e_single_op_on_list, self.e_empty_list,
                 self.e_tag_key_case, self.e_date_epoch, self.e_ipv6_in_v4, self.e_bool_case,
                 self.e_json_scalar_types, self.e_host_ip, self.e_arn_no_resource_part,
                 self.e_not_principal, self.e_principal_list, self.e_absent_key_ops,
                 self.e_role_as_requester, self.e_anonymous, self.e_service_principal]
        for edit in r.sample(edits, r.randint(1, 2)):
            name = edit.__name__[2:].replace("_", "-")
            if edit(doc, req, service, statements) is not False:
                self.features.add("edge-" + name)

    def e_action_case(self, doc, req, service, sts):
        if not sts:
            return False
        st = self.r.choice(sts)
        key = "Action" if "Action" in st else "NotAction"
        st[key] = req["action"].upper() if self.r.random() < 0.5 else req["action"].lower()

    def e_key_case(self, doc, req, service, sts):
        if not sts:
            return False
        st = self.r.choice(sts)
        st.setdefault("Condition", {}).setdefault("IpAddress", {})["AWS:SOURCEIP"] = "203.0.113.0/24"

    def e_version_2008(self, doc, req, service, sts):
        if not doc.get("identity_policies") or req["resource"] == "*":
            return False
        p = self.r.choice(doc["identity_policies"])["document"]
        p["Version"] = self.r.choice(["2008-10-17", None])
        if p["Version"] is None:
            del p["Version"]
        p["Statement"].append({"Effect": "Allow", "Action": req["action"],
                               "Resource": "arn:aws:s3:::home-bucket/${aws:username}/*"
                               if service == "s3" else req["resource"] + "${aws:username}"})

    def e_variable_default(self, doc, req, service, sts):
        if not doc.get("identity_policies") or service != "s3":
            return False
        doc["identity_policies"][0]["document"]["Statement"].append(
            {"Effect": "Allow", "Action": req["action"],
             "Resource": self.r.choice(["arn:aws:s3:::home-bucket/${aws:username, 'alice'}/*",
                                        "arn:aws:s3:::${aws:PrincipalTag/env, 'shop'}-*/*"])})

    def e_literal_star(self, doc, req, service, sts):
        if not doc.get("identity_policies"):
            return False
        doc["identity_policies"][0]["document"]["Statement"].append(
            {"Effect": "Allow", "Action": req["action"], "Resource": "*",
             "Condition": {"StringLike": {"aws:PrincipalTag/team": self.r.choice(
                 ["${*}", "or${?}ers", "ord*", "${$}{x}"])}}})

    def e_single_op_on_list(self, doc, req, service, sts):
        if not sts:
            return False
        self.r.choice(sts).setdefault("Condition", {}).setdefault(
            self.r.choice(["StringEquals", "StringNotEquals", "StringLike"]), {})["aws:TagKeys"] = \
            self.r.sample(TAG_KEYS, 2)

    def e_empty_list(self, doc, req, service, sts):
        req.setdefault("context", {})["aws:TagKeys"] = []
        if sts:
            op = self.r.choice(["ForAllValues:StringEquals", "ForAnyValue:StringEquals", "Null",
                                "StringNotEquals"])
            self.r.choice(sts).setdefault("Condition", {}).setdefault(op, {})["aws:TagKeys"] = \
                "true" if op == "Null" else "team"

    def e_tag_key_case(self, doc, req, service, sts):
        if not sts or "principal_tags" not in req:
            return False
        self.r.choice(sts).setdefault("Condition", {}).setdefault("StringEquals", {})[
            "aws:PrincipalTag/TEAM"] = req["principal_tags"]["team"]

    def e_date_epoch(self, doc, req, service, sts):
        if not sts:
            return False
        req.setdefault("context", {})["aws:CurrentTime"] = self.r.choice(
            ["2026-11-29T08:00:00Z", "2026-11-29T09:00:00+01:00", "2026-11-29T08:00:00.500Z"])
        self.r.choice(sts).setdefault("Condition", {}).setdefault(
            self.r.choice(["DateLessThan", "DateEquals", "DateGreaterThanEquals"]), {})[
            "aws:CurrentTime"] = self.r.choice(["1795939200", "2026-11-29T08:00:00Z",
                                                "2026-11-29"])

    def e_ipv6_in_v4(self, doc, req, service, sts):
        if not sts:
            return False
        req.setdefault("context", {})["aws:SourceIp"] = self.r.choice(
            ["2001:db8::1f", "::ffff:203.0.113.9", "203.0.113.9"])
        self.r.choice(sts).setdefault("Condition", {}).setdefault(
            self.r.choice(["IpAddress", "NotIpAddress"]), {})["aws:SourceIp"] = self.r.choice(
            ["203.0.113.0/24", "2001:db8::/32", "::ffff:203.0.113.0/120"])

    def e_bool_case(self, doc, req, service, sts):
        if not sts:
            return False
        req.setdefault("context", {})["aws:SecureTransport"] = self.r.choice(["True", "TRUE", "true"])
        self.r.choice(sts).setdefault("Condition", {}).setdefault("Bool", {})[
            "aws:SecureTransport"] = self.r.choice(["true", "True"])

    def e_json_scalar_types(self, doc, req, service, sts):
        if not sts:
            return False
        st = self.r.choice(sts).setdefault("Condition", {})
        if self.r.random() < 0.5:
            st.setdefault("Bool", {})["aws:SecureTransport"] = self.r.choice([True, False])
        else:
            st.setdefault("NumericLessThan", {})["aws:MultiFactorAuthAge"] = self.r.choice([3600, 60.5])

    def e_host_ip(self, doc, req, service, sts):
        if not sts:
            return False
        self.r.choice(sts).setdefault("Condition", {}).setdefault("IpAddress", {})[
            "aws:SourceIp"] = self.r.choice(["203.0.113.9", "203.0.113.9/32", "203.0.113.9/33"])

    def e_arn_no_resource_part(self, doc, req, service, sts):
        res = req["resource"]
        if res == "*" or not doc.get("identity_policies"):
            return False
        parts = res.split(":")
        doc["identity_policies"][0]["document"]["Statement"].append(
            {"Effect": "Allow", "Action": req["action"],
             "Resource": self.r.choice([":".join(parts[:4]) + ":*", ":".join(parts[:5]) + ":*",
                                        "arn:aws:*"])})

    def e_not_principal(self, doc, req, service, sts):
        if "resource_policy" not in doc:
            return False
        acct = req.get("principal_account", HOME)
        doc["resource_policy"]["Statement"].append(
            {"Effect": "Deny",
             "NotPrincipal": {"AWS": self.r.choice([
                 req["principal"], req.get("role_arn", req["principal"]),
                 f"arn:aws:iam::{acct}:root", f"arn:aws:iam::{HOME}:user/mallory",
                 [req["principal"], f"arn:aws:iam::{acct}:root"],
                 [req.get("role_arn", req["principal"]), req["principal"], acct]])},
             "Action": req["action"], "Resource": "*"})

    def e_principal_list(self, doc, req, service, sts):
        if "resource_policy" not in doc:
            return False
        doc["resource_policy"]["Statement"].append(
            {"Effect": "Allow",
             "Principal": {"AWS": [f"arn:aws:iam::{OTHER}:user/mallory",
                                   req.get("role_arn", req["principal"])]},
             "Action": req["action"], "Resource": "*"})

    def e_absent_key_ops(self, doc, req, service, sts):
        if not sts:
            return False
        op = self.r.choice(["StringNotEquals", "NotIpAddress", "ArnNotLike", "StringNotLike",
                            "NumericNotEquals", "DateNotEquals", "StringNotEqualsIfExists",
                            "BoolIfExists", "ForAllValues:StringNotEquals",
                            "ForAnyValue:StringNotEquals"])
        value = {"NotIpAddress": "10.0.0.0/8", "ArnNotLike": "arn:aws:sns:*:*:x",
                 "NumericNotEquals": "5", "DateNotEquals": "2026-01-01T00:00:00Z",
                 "BoolIfExists": "true"}.get(op, "vpce-1a2b3c4d")
        self.r.choice(sts).setdefault("Condition", {}).setdefault(op, {})[
            "aws:SourceVpce"] = value

    def e_role_as_requester(self, doc, req, service, sts):
        if "role_arn" not in req:
            return False
        req["principal"] = req.pop("role_arn")

    def e_anonymous(self, doc, req, service, sts):
        if "resource_policy" not in doc or service == "kms":
            return False
        req["principal"] = "*"
        for k in ("role_arn", "principal_account", "principal_tags"):
            req.pop(k, None)
        for k in ("identity_policies", "permissions_boundary", "session_policy", "scps"):
            doc.pop(k, None)
        doc["resource_policy"]["Statement"].append(
            {"Effect": "Allow", "Principal": self.r.choice(["*", {"AWS": "*"}]),
             "Action": req["action"], "Resource": "*"})

    def e_service_principal(self, doc, req, service, sts):
        if "resource_policy" not in doc or service not in ("sqs", "sns", "s3"):
            return False
        svc = self.r.choice(["sns.amazonaws.com", "events.amazonaws.com"])
        req["principal"] = svc
        for k in ("role_arn", "principal_account", "principal_tags"):
            req.pop(k, None)
        for k in ("identity_policies", "permissions_boundary", "session_policy", "scps"):
            doc.pop(k, None)
        doc["resource_policy"]["Statement"].append(
            {"Effect": "Allow", "Principal": {"Service": "sns.amazonaws.com"},
             "Action": req["action"], "Resource": "*",
             "Condition": {"ArnLike": {"aws:SourceArn": f"arn:aws:sns:*:{HOME}:*"}}})


def main():
    if len(sys.argv) != 4:
        print("usage: generate.py SEED N OUTDIR", file=sys.stderr)
        return 2
    seed, n, outdir = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
    os.makedirs(outdir, exist_ok=True)
    width = max(5, len(str(n)))
    with open(os.path.join(outdir, "manifest.jsonl"), "w") as manifest:
        for i in range(n):
            # One generator per document: a document depends only on the seed and its number.
            g = Gen(random.Random(f"{seed}-{i}"))
            doc = g.document()
            name = f"doc-{i:0{width}d}.json"
            with open(os.path.join(outdir, name), "w") as f:
                json.dump(doc, f, indent=1)
                f.write("\n")
            manifest.write(json.dumps({"file": name, "features": sorted(g.features)}) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
