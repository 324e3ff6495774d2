#!/usr/bin/env python3
"""Generate synthetic CloudFormation templates for benchmarking wasp.

The templates imitate real application stacks: each has a Description,
Parameters (some with defaults, some without), Mappings, Conditions,
Resources and Outputs, and is assembled from components such as "S3 bucket
with bucket policy", "RDS database behind a security group", "Lambda function
with role and log group" or "ALB with HTTP and HTTPS listeners".  Property
values are often indirect (Ref to parameters, Fn::If on conditions,
Fn::FindInMap, Fn::ImportValue, Fn::Sub), resources carry Condition,
DependsOn and DeletionPolicy keys, and about 40% of the security-relevant
resources have a flaw (no encryption, world-open ports, wildcard IAM policies,
plaintext secrets, ...).

A fraction of the templates is written as JSON with long-form intrinsics
({"Ref": ...}, {"Fn::GetAtt": [...]}), the rest as YAML with short-form tags
(!Ref, !Sub, !GetAtt ...).  Output only depends on the arguments: template i
is generated from its own random.Random seeded with (seed, i), so the same
arguments always give byte-identical files, and template i is the same
whatever --templates is.

Usage:
    python3 bench/gen_cfn.py --out DIR --templates N
        [--resources-per-template 25] [--seed 1] [--json-fraction 0.3]

Standard library only.
"""

import argparse
import json
import os
import random
import re
import sys
import time

FLAW_RATE = 0.4

PROJECTS = (
    "orders", "payments", "catalog", "billing", "inventory", "identity",
    "search", "analytics", "reporting", "notifications", "checkout",
    "shipping", "ledger", "crm", "media", "ingest", "gateway", "profiles",
    "pricing", "loyalty", "fraud", "warehouse", "telemetry", "support",
)
REGIONS = (
    "us-east-1", "us-east-2", "us-west-2", "eu-west-1", "eu-central-1",
    "ap-southeast-2", "ap-northeast-1",
)
CLASSIFICATIONS = ("public", "internal", "confidential", "restricted")
BUCKET_PURPOSES = (
    "data", "assets", "uploads", "reports", "exports", "backups",
    "artifacts", "media", "archive", "landing", "raw", "curated",
)
TABLE_NAMES = ("Orders", "Sessions", "Customers", "Carts", "Events", "Jobs", "Tokens", "Audit")
QUEUE_NAMES = ("Orders", "Jobs", "Events", "Emails", "Invoices", "Exports", "Webhooks")
FUNCTION_NAMES = ("Worker", "Processor", "Resizer", "Exporter", "Notifier", "Scheduler", "Indexer")
LAMBDA_RUNTIMES = ("python3.12", "python3.11", "nodejs20.x", "nodejs18.x", "java21")
DEPRECATED_RUNTIMES = ("python3.7", "python3.6", "nodejs12.x", "nodejs14.x", "dotnetcore3.1")
ENGINES = (
    ("postgres", "16.3", 5432, "postgresql"),
    ("mysql", "8.0.36", 3306, "error"),
    ("mariadb", "10.11.6", 3306, "error"),
)
AURORA_ENGINES = (
    ("aurora-postgresql", "15.4", 5432, "postgresql"),
    ("aurora-mysql", "8.0.mysql_aurora.3.05.2", 3306, "audit"),
)
GOOD_TLS_POLICIES = (
    "ELBSecurityPolicy-TLS13-1-2-2021-06",
    "ELBSecurityPolicy-TLS13-1-2-Res-2021-06",
    "ELBSecurityPolicy-TLS-1-2-2017-01",
)
WEAK_TLS_POLICIES = ("ELBSecurityPolicy-2016-08", "ELBSecurityPolicy-TLS-1-0-2015-04")
PLAINTEXT_PASSWORDS = ("ChangeMe123!", "P@ssw0rd2024", "admin12345", "Summer2023!")

LAMBDA_CODE = """import json
import os


def handler(event, context):
    target = os.environ.get("TARGET", "")
    records = event.get("Records", [])
    print(json.dumps({"target": target, "records": len(records)}))
    return {"statusCode": 200, "body": json.dumps({"ok": True})}
"""


# --------------------------------------------------------------------------
# Intrinsic functions
# --------------------------------------------------------------------------

class Fn:
    """An intrinsic function call.

    Rendered as a short-form tag (!Ref X) in YAML and as the long form
    ({"Ref": "X"}, {"Fn::GetAtt": [...]}) in JSON.  `form` is filled in by the
    YAML writer the first time it sees the node so that every later look at
    the same node gives the same answer.
    """

    __slots__ = ("name", "arg", "form")

    def __init__(self, name, arg):
        self.name = name
        self.arg = arg
        self.form = None

    @property
    def long_name(self):
        return self.name if self.name in ("Ref", "Condition") else "Fn::" + self.name


def ref(name):
    return Fn("Ref", name)


def no_value():
    return Fn("Ref", "AWS::NoValue")


def getatt(resource, attribute):
    return Fn("GetAtt", [resource, attribute])


def arn(resource):
    return getatt(resource, "Arn")


def sub(template, variables=None):
    return Fn("Sub", template if variables is None else [template, variables])


def join(separator, items):
    return Fn("Join", [separator, items])


def select(index, items):
    return Fn("Select", [index, items])


def split(separator, text):
    return Fn("Split", [separator, text])


def find_in_map(name, key, attribute):
    return Fn("FindInMap", [name, key, attribute])


def fn_if(condition_name, if_true, if_false):
    return Fn("If", [condition_name, if_true, if_false])


def equals(a, b):
    return Fn("Equals", [a, b])


def not_(value):
    return Fn("Not", [value])


def and_(*values):
    return Fn("And", list(values))


def or_(*values):
    return Fn("Or", list(values))


def cond(name):
    return Fn("Condition", name)


def base64(value):
    return Fn("Base64", value)


def import_value(value):
    return Fn("ImportValue", value)


def get_azs(region=""):
    return Fn("GetAZs", region)


def cidr(block, count, bits):
    return Fn("Cidr", [block, count, bits])


# --------------------------------------------------------------------------
# Output writers
# --------------------------------------------------------------------------

def to_long_form(value):
    """Convert a template tree to plain JSON data with long-form intrinsics."""
    if type(value) is Fn:
        return {value.long_name: to_long_form(value.arg)}
    if type(value) is dict:
        return {k: to_long_form(v) for k, v in value.items()}
    if type(value) is list:
        return [to_long_form(v) for v in value]
    return value


_PLAIN_BLOCK = re.compile(r"[A-Za-z/][A-Za-z0-9_ ./:@*$(){}=+,<>-]*\Z")
_PLAIN_FLOW = re.compile(r"[A-Za-z/][A-Za-z0-9_ ./@*$()=+<>-]*\Z")
_PLAIN_CIDR = re.compile(r"\d{1,3}(\.\d{1,3}){3}(/\d{1,2})?\Z")
_RESERVED = frozenset(("y", "n", "yes", "no", "true", "false", "on", "off", "null"))


class YamlWriter:
    """Writes a template tree as YAML in the style people write by hand.

    Short-form tags are used wherever YAML allows them; a tag whose argument
    is itself a tag (!Base64 !Sub ...) is written as a long-form key
    (Fn::Base64: !Sub ...), and `long_form_rate` of the remaining intrinsics
    are written in long form too, as happens in real templates.
    """

    def __init__(self, rng, quote, getatt_dotted_rate, long_form_rate):
        self.rng = rng
        self.quote = quote
        self.getatt_dotted_rate = getatt_dotted_rate
        self.long_form_rate = long_form_rate

    def dump(self, template, comments):
        out = []
        for section, body in template.items():
            if type(body) is not dict:
                self.value(out, section + ":", 0, body, False)
                continue
            out.append("")
            out.append(section + ":")
            for i, (key, value) in enumerate(body.items()):
                if section == "Resources":
                    if i:
                        out.append("")
                    if key in comments:
                        out.append("  # " + comments[key])
                self.value(out, "  " + self.scalar(key, False) + ":", 2, value, False)
        out.append("")
        return "\n".join(out)

    def scalar(self, text, flow):
        if (_PLAIN_FLOW if flow else _PLAIN_BLOCK).match(text):
            if (": " not in text and " #" not in text and text[-1] not in " :"
                    and text.lower() not in _RESERVED):
                return text
        elif _PLAIN_CIDR.match(text):
            return text
        if self.quote == "'":
            return "'" + text.replace("'", "''") + "'"
        return json.dumps(text)

    def form(self, node):
        """'long', 'dotted' (GetAtt only) or 'short', decided once per node."""
        if node.form is None:
            rng = self.rng
            if self.long_form_rate and rng.random() < self.long_form_rate:
                node.form = "long"
            elif node.name == "GetAtt" and rng.random() < self.getatt_dotted_rate:
                node.form = "dotted"
            else:
                node.form = "short"
        return node.form

    def inline(self, value, flow):
        """One-line rendering of `value`, or None if it needs block style."""
        t = type(value)
        if t is str:
            if "\n" in value:
                return None
            return self.scalar(value, flow) if value else self.quote * 2
        if t is bool:
            return "true" if value else "false"
        if t is int:
            return str(value)
        if t is Fn:
            form = self.form(value)
            if form == "long" or type(value.arg) is Fn:
                return None
            if form == "dotted":
                return "!GetAtt " + ".".join(value.arg)
            arg = self.inline(value.arg, flow)
            return None if arg is None else "!" + value.name + " " + arg
        if t is list:
            parts = []
            for item in value:
                part = self.inline(item, True)
                if part is None:
                    return None
                parts.append(part)
            return "[" + ", ".join(parts) + "]"
        if t is dict:
            return None if value else "{}"
        raise TypeError("cannot write %r as YAML" % (value,))

    def value(self, out, head, col, value, item):
        """Append `value` to `out`; `head` is the line so far ("  Key:" or
        "  -"), `col` the column of that key or dash, `item` whether head is a
        sequence dash (a mapping then starts on the dash line)."""
        text = self.inline(value, False)
        if text is not None:
            out.append(head + " " + text)
            return
        if type(value) is Fn:
            if value.form == "long" or type(value.arg) is Fn:
                value = {value.long_name: value.arg}
            else:
                head += " !" + value.name
                value = value.arg
                item = False
        child = col + 2
        t = type(value)
        if t is dict:
            if item:
                first = head + " "
            else:
                out.append(head)
                first = " " * child
            pad = " " * child
            for key, v in value.items():
                self.value(out, first + self.scalar(key, False) + ":", child, v, False)
                first = pad
        elif t is list:
            out.append(head)
            dash = " " * child + "-"
            for v in value:
                self.value(out, dash, child, v, True)
        else:
            out.append(head + (" |" if value.endswith("\n") else " |-"))
            pad = " " * child
            out.extend(pad + line if line else "" for line in value.rstrip("\n").split("\n"))


# --------------------------------------------------------------------------
# Stack model
# --------------------------------------------------------------------------

PARAMETERS = {
    "ProjectName": lambda st: {
        "Type": "String",
        "Default": st.project,
        "AllowedPattern": "^[a-z][a-z0-9-]{2,30}$",
        "Description": "Short name used as a prefix for resource names.",
    },
    "KmsKeyArn": lambda st: {
        "Type": "String",
        "Default": "",
        "Description": "Customer managed KMS key ARN; leave empty to use the AWS managed key.",
    },
    "SharedStackName": lambda st: {
        "Type": "String",
        "Default": st.project + "-shared",
        "Description": "Stack that exports the shared KMS key.",
    },
    "NetworkStackName": lambda st: {
        "Type": "String",
        "Default": st.project + "-network",
        "Description": "Stack that exports the VPC and subnets.",
    },
    "VpcId": lambda st: {"Type": "AWS::EC2::VPC::Id", "Description": "VPC to deploy into."},
    "SubnetIds": lambda st: {
        "Type": "List<AWS::EC2::Subnet::Id>",
        "Description": "Private subnets, at least two availability zones.",
    },
    "CertificateArn": lambda st: {
        "Type": "String",
        "Default": "",
        "Description": "ACM certificate for the HTTPS listener.",
    },
    "DBUsername": lambda st: {
        "Type": "String",
        "Default": "dbadmin",
        "MinLength": 1,
        "MaxLength": 16,
        "AllowedPattern": "[a-zA-Z][a-zA-Z0-9]*",
    },
    "DBPassword": lambda st: {
        "Type": "String",
        "NoEcho": True,
        "MinLength": 12,
        "MaxLength": 41,
        "Description": "Master password of the database.",
    },
    "InstanceType": lambda st: {
        "Type": "String",
        "Default": "t3.small",
        "AllowedValues": ["t3.micro", "t3.small", "t3.medium", "m6i.large", "c6i.large"],
    },
    "LatestAmiId": lambda st: {
        "Type": "AWS::SSM::Parameter::Value<AWS::EC2::Image::Id>",
        "Default": "/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-x86_64",
    },
    "KeyName": lambda st: {
        "Type": "AWS::EC2::KeyPair::KeyName",
        "Description": "SSH key pair for emergency access.",
    },
    "AllowedSshCidr": lambda st: {
        "Type": "String",
        "Default": "10.0.0.0/8",
        "AllowedPattern": r"^(\d{1,3}\.){3}\d{1,3}/\d{1,2}$",
        "Description": "Network allowed to reach port 22.",
    },
    "EnableKeyRotation": lambda st: {
        "Type": "String",
        "Default": "true",
        "AllowedValues": ["true", "false"],
    },
    "LogRetentionDays": lambda st: {
        "Type": "Number",
        "Default": 90,
        "AllowedValues": [7, 14, 30, 90, 180, 365],
    },
    "ImageUri": lambda st: {
        "Type": "String",
        "Default": "%s.dkr.ecr.%s.amazonaws.com/%s:1.%d.%d" % (
            st.account, st.region, st.project, st.rng.randint(0, 30), st.rng.randint(0, 9)),
    },
    "CodeBucket": lambda st: {
        "Type": "String",
        "Default": "%s-artifacts-%s" % (st.project, st.account),
    },
}


class Stack:
    """A template under construction plus the helpers the builders share."""

    def __init__(self, rng):
        self.rng = rng
        self.project = rng.choice(PROJECTS)
        self.region = rng.choice(REGIONS)
        self.account = str(rng.randint(10 ** 11, 10 ** 12 - 1))
        self.env = rng.choice(("Environment", "Env", "Stage"))
        self.parameters = {}
        self.mappings = {}
        self.conditions = {}
        self.resources = {}
        self.outputs = {}
        self.comments = {}
        self.labels = []
        self._comment = None
        self._key = None
        self._log_bucket = None
        self.network = None
        self.net_mode = rng.choice(("local", "params", "imports"))
        self.has_trail = False
        self.parameters[self.env] = {
            "Type": "String",
            "Default": "dev",
            "AllowedValues": ["dev", "staging", "prod"],
            "Description": "Deployment environment.",
        }
        self.param("ProjectName")
        self.condition("IsProd")
        self._add_mappings()

    # -- randomness ---------------------------------------------------------

    def chance(self, p):
        return self.rng.random() < p

    def pick(self, options):
        return self.rng.choice(options)

    def either(self, *makers):
        """Call one of `makers`, chosen at random; for options with side
        effects such as declaring a parameter, a condition or a key."""
        return self.rng.choice(makers)()

    def flaws(self, options):
        """The flaws of one resource: empty (compliant) with probability
        1 - FLAW_RATE, otherwise one or two of `options`."""
        if self.rng.random() >= FLAW_RATE:
            return frozenset()
        return frozenset(self.rng.sample(options, 1 if len(options) == 1 or self.chance(0.7) else 2))

    # -- template sections --------------------------------------------------

    def param(self, name, **override):
        if name not in self.parameters:
            spec = PARAMETERS[name](self)
            spec.update(override)
            self.parameters[name] = spec
        return ref(name)

    def env_ref(self):
        return ref(self.env)

    def condition(self, name):
        if name not in self.conditions:
            env = self.env_ref
            if name == "IsProd":
                expr = equals(env(), "prod")
            elif name == "IsNotProd":
                expr = not_(cond(self.condition("IsProd")))
            elif name == "IsProdOrStaging":
                expr = or_(equals(env(), "prod"), equals(env(), "staging"))
            elif name == "HasKmsKey":
                expr = not_(equals(self.param("KmsKeyArn"), ""))
            elif name == "UseCmkInProd":
                expr = and_(cond(self.condition("IsProd")), cond(self.condition("HasKmsKey")))
            elif name == "HasCertificate":
                expr = not_(equals(self.param("CertificateArn"), ""))
            else:
                raise KeyError(name)
            self.conditions[name] = expr
        return name

    def _add_mappings(self):
        self.mappings["RegionMap"] = {
            region: {"AMI": "ami-0%016x" % self.rng.getrandbits(64)} for region in REGIONS
        }
        self.mappings["EnvConfig"] = {
            "dev": {"InstanceType": "t3.micro", "DBInstanceClass": "db.t4g.micro",
                    "LogRetention": 14, "BackupRetention": 7},
            "staging": {"InstanceType": "t3.small", "DBInstanceClass": "db.t4g.medium",
                        "LogRetention": 30, "BackupRetention": 7},
            "prod": {"InstanceType": "m6i.large", "DBInstanceClass": "db.r6g.large",
                     "LogRetention": 365, "BackupRetention": 35},
        }

    def env_config(self, attribute):
        return find_in_map("EnvConfig", self.env_ref(), attribute)

    def unique(self, base):
        """`base`, or `base` with a number appended if a resource has it."""
        rid, n = base, 1
        while rid in self.resources:
            n += 1
            rid = "%s%d" % (base, n)
        return rid

    def add(self, base, rtype, properties, depends_on=None, condition=None,
            deletion_policy=None, metadata=None):
        """Add a resource under a fresh logical id derived from `base`."""
        rid = self.unique(base)
        body = {"Type": rtype}
        if condition:
            body["Condition"] = self.condition(condition)
        if depends_on:
            body["DependsOn"] = depends_on
        if deletion_policy:
            body["DeletionPolicy"] = deletion_policy
            body["UpdateReplacePolicy"] = deletion_policy
        if metadata:
            body["Metadata"] = metadata
        body["Properties"] = properties
        self.resources[rid] = body
        if self._comment:
            self.comments[rid] = self._comment
            self._comment = None
        return rid

    def begin(self, label, comment):
        """Start a component: `label` goes into the Description, `comment`
        above its first resource in YAML."""
        if label not in self.labels:
            self.labels.append(label)
        self._comment = comment

    def output(self, name, value, description):
        body = {"Description": description, "Value": value}
        if self.chance(0.7):
            body["Export"] = {"Name": sub("${AWS::StackName}-" + name)}
        self.outputs[name] = body

    # -- common property values ---------------------------------------------

    def sub(self, template):
        """Fn::Sub with ${Env} standing for this stack's environment parameter."""
        return sub(template.replace("${Env}", "${%s}" % self.env))

    def name(self, suffix):
        return self.sub("${ProjectName}-${Env}-" + suffix)

    def tags(self, name=None, classification=None):
        tags = []
        if name is not None:
            tags.append({"Key": "Name", "Value": self.name(name)})
        tags.append({"Key": "Project", "Value": ref("ProjectName")})
        tags.append({"Key": "Environment", "Value": self.env_ref()})
        if classification:
            tags.append({"Key": "DataClassification", "Value": classification})
        if self.chance(0.3):
            tags.append({"Key": "CostCenter", "Value": "cc-%04d" % self.rng.randint(1000, 9999)})
        return tags

    def side_resource(self, comment, build):
        """Build a supporting resource (shared key, log bucket, secret) under
        its own YAML comment, keeping the pending component comment for the
        component's own first resource."""
        pending, self._comment = self._comment, comment
        rid = build()
        self._comment = pending
        return rid

    def key_arn(self):
        """A KMS key reference: this stack's key, a parameter or an import."""
        r = self.rng.random()
        if r < 0.5:
            if self._key is None:
                self._key = self.side_resource("shared data key", lambda: kms_key(self, "data"))
            return arn(self._key)
        if r < 0.8:
            return fn_if(self.condition("HasKmsKey"), self.param("KmsKeyArn"), no_value())
        self.param("SharedStackName")
        if self.chance(0.5):
            return import_value(sub("${SharedStackName}-DataKeyArn"))
        return import_value(join("-", [ref("SharedStackName"), "DataKeyArn"]))

    def log_bucket(self):
        if self._log_bucket is None:
            self._log_bucket = self.side_resource("access log bucket", lambda: access_log_bucket(self))
        return self._log_bucket

    def vpc_id(self):
        if self.network:
            return ref(self.network["vpc"])
        if self.net_mode == "params":
            return self.param("VpcId")
        self.param("NetworkStackName")
        return import_value(sub("${NetworkStackName}-VpcId"))

    def subnet_ids(self, public=False):
        if self.network:
            return [ref(s) for s in self.network["public" if public else "private"]]
        if self.net_mode == "params":
            return self.param("SubnetIds")
        self.param("NetworkStackName")
        kind = "Public" if public else "Private"
        return split(",", import_value(sub("${NetworkStackName}-%sSubnetIds" % kind)))

    def subnet_id(self):
        if self.network:
            return ref(self.pick(self.network["private"]))
        return select(0, self.subnet_ids())


# --------------------------------------------------------------------------
# Policy documents
# --------------------------------------------------------------------------

def policy(statements):
    return {"Version": "2012-10-17", "Statement": statements}


def allow(actions, resources, sid=None):
    statement = {"Sid": sid} if sid else {}
    statement["Effect"] = "Allow"
    statement["Action"] = actions
    statement["Resource"] = resources
    return statement


def assume_role_policy(st, service):
    principal = {"Service": service if st.chance(0.7) else [service]}
    action = "sts:AssumeRole" if st.chance(0.6) else ["sts:AssumeRole"]
    return policy([{"Effect": "Allow", "Principal": principal, "Action": action}])


def wildcard_statement(st):
    return st.pick((
        allow("*", "*", "AdminAccess"),
        allow(["*"], ["*"]),
        allow(["s3:*", "dynamodb:*", "sqs:*"], "*", "BroadDataAccess"),
        allow("iam:PassRole", "*", "PassAnyRole"),
        {"Effect": "Allow", "NotAction": ["iam:*", "organizations:*"], "Resource": "*"},
    ))


def aws_managed(st, name):
    if st.chance(0.7):
        return sub("arn:${AWS::Partition}:iam::aws:policy/" + name)
    return "arn:aws:iam::aws:policy/" + name


# --------------------------------------------------------------------------
# Resource builders (one per resource type)
# --------------------------------------------------------------------------

def access_log_bucket(st):
    props = {
        "BucketName": st.name("access-logs-${AWS::AccountId}"),
        "BucketEncryption": {"ServerSideEncryptionConfiguration": [
            {"ServerSideEncryptionByDefault": {"SSEAlgorithm": "AES256"}}]},
        "OwnershipControls": {"Rules": [{"ObjectOwnership": "BucketOwnerPreferred"}]},
        "PublicAccessBlockConfiguration": {
            "BlockPublicAcls": True, "BlockPublicPolicy": True,
            "IgnorePublicAcls": True, "RestrictPublicBuckets": True},
        "VersioningConfiguration": {"Status": "Enabled"},
        "LifecycleConfiguration": {"Rules": [
            {"Id": "ExpireOldLogs", "Status": "Enabled", "ExpirationInDays": st.pick((90, 180, 365))}]},
        "Tags": st.tags(classification="internal"),
    }
    metadata = {"cfn_nag": {"rules_to_suppress": [
        {"id": "W35", "reason": "This is the access log destination bucket."}]}}
    return st.add("AccessLogsBucket", "AWS::S3::Bucket", props,
                  deletion_policy="Retain", metadata=metadata)


def s3_bucket(st, purpose, classification=None, base=None):
    bad = st.flaws(("encryption", "public_access", "versioning", "logging", "public_acl", "untagged"))
    classification = classification or st.pick(CLASSIFICATIONS)
    props = {}
    if st.chance(0.5):
        props["BucketName"] = st.name(purpose + "-${AWS::AccountId}-${AWS::Region}")
    if "public_acl" in bad:
        props["AccessControl"] = st.pick(("PublicRead", "PublicReadWrite"))
        if st.chance(0.5):
            props["WebsiteConfiguration"] = {"IndexDocument": "index.html", "ErrorDocument": "error.html"}
    if "encryption" not in bad:
        if st.chance(0.4):
            default = {"SSEAlgorithm": "AES256"}
            rule = {"ServerSideEncryptionByDefault": default}
        else:
            default = {"SSEAlgorithm": "aws:kms", "KMSMasterKeyID": st.key_arn()}
            rule = {"ServerSideEncryptionByDefault": default, "BucketKeyEnabled": True}
        props["BucketEncryption"] = {"ServerSideEncryptionConfiguration": [rule]}
    if "public_access" not in bad:
        props["PublicAccessBlockConfiguration"] = {
            "BlockPublicAcls": True, "BlockPublicPolicy": True,
            "IgnorePublicAcls": True, "RestrictPublicBuckets": True}
    elif st.chance(0.5):
        props["PublicAccessBlockConfiguration"] = {
            "BlockPublicAcls": False, "BlockPublicPolicy": False,
            "IgnorePublicAcls": st.chance(0.5), "RestrictPublicBuckets": False}
    if "versioning" not in bad:
        props["VersioningConfiguration"] = {"Status": "Enabled"}
    elif st.chance(0.5):
        props["VersioningConfiguration"] = {
            "Status": st.pick(("Suspended", fn_if(st.condition("IsProd"), "Enabled", "Suspended")))}
    if "logging" not in bad:
        props["LoggingConfiguration"] = {
            "DestinationBucketName": ref(st.log_bucket()), "LogFilePrefix": purpose + "/"}
    if st.chance(0.4):
        props["LifecycleConfiguration"] = {"Rules": [{
            "Id": "TransitionToIA", "Status": "Enabled",
            "Transitions": [{"StorageClass": "STANDARD_IA", "TransitionInDays": 30}],
            "NoncurrentVersionExpiration": {"NoncurrentDays": 90}}]}
    if st.chance(0.5):
        props["OwnershipControls"] = {"Rules": [{"ObjectOwnership": "BucketOwnerEnforced"}]}
    props["Tags"] = st.tags(None, None if "untagged" in bad else classification)
    policy_name = st.pick(("Retain", None)) if classification in ("confidential", "restricted") else None
    base = base or purpose.capitalize() + "Bucket"
    return st.add(base, "AWS::S3::Bucket", props, deletion_policy=policy_name)


def bucket_objects_arn(st, bucket):
    return st.pick((
        sub("${%s.Arn}/*" % bucket),
        join("", ["arn:aws:s3:::", ref(bucket), "/*"]),
        sub("arn:${AWS::Partition}:s3:::${Name}/*", {"Name": ref(bucket)}),
    ))


def tls_deny_statement(st, bucket):
    return {
        "Sid": "DenyInsecureTransport",
        "Effect": "Deny",
        "Principal": st.pick(("*", {"AWS": "*"})),
        "Action": "s3:*",
        "Resource": [arn(bucket), bucket_objects_arn(st, bucket)],
        "Condition": {"Bool": {"aws:SecureTransport": st.pick(("false", False))}},
    }


def s3_bucket_policy(st, bucket, readers=()):
    bad = st.flaws(("no_tls", "public_read", "wildcard_principal"))
    statements = []
    if "no_tls" not in bad:
        statements.append(tls_deny_statement(st, bucket))
    for role in readers:
        statement = allow(["s3:GetObject", "s3:ListBucket"],
                          [arn(bucket), bucket_objects_arn(st, bucket)], "AllowAppRead")
        statement["Principal"] = {"AWS": arn(role)}
        statements.append(statement)
    if "public_read" in bad:
        statements.append({"Sid": "PublicRead", "Effect": "Allow", "Principal": "*",
                           "Action": "s3:GetObject", "Resource": bucket_objects_arn(st, bucket)})
    if "wildcard_principal" in bad:
        statements.append({"Effect": "Allow", "Principal": {"AWS": "*"}, "Action": "s3:*",
                           "Resource": [arn(bucket), bucket_objects_arn(st, bucket)]})
    if not statements or st.chance(0.3):
        statements.append({
            "Sid": "DenyUnencryptedUploads", "Effect": "Deny", "Principal": "*",
            "Action": "s3:PutObject", "Resource": bucket_objects_arn(st, bucket),
            "Condition": {"Null": {"s3:x-amz-server-side-encryption": "true"}}})
    props = {"Bucket": ref(bucket), "PolicyDocument": policy(statements)}
    return st.add(bucket + "Policy", "AWS::S3::BucketPolicy", props)


def trail_bucket_policy(st, bucket):
    bad = st.flaws(("no_tls",))
    statements = [
        {"Sid": "AWSCloudTrailAclCheck", "Effect": "Allow",
         "Principal": {"Service": "cloudtrail.amazonaws.com"},
         "Action": "s3:GetBucketAcl", "Resource": arn(bucket)},
        {"Sid": "AWSCloudTrailWrite", "Effect": "Allow",
         "Principal": {"Service": "cloudtrail.amazonaws.com"},
         "Action": "s3:PutObject",
         "Resource": sub("${%s.Arn}/AWSLogs/${AWS::AccountId}/*" % bucket),
         "Condition": {"StringEquals": {"s3:x-amz-acl": "bucket-owner-full-control"}}},
    ]
    if not bad:
        statements.append(tls_deny_statement(st, bucket))
    props = {"Bucket": ref(bucket), "PolicyDocument": policy(statements)}
    return st.add(bucket + "Policy", "AWS::S3::BucketPolicy", props)


def kms_key(st, purpose, services=()):
    bad = st.flaws(("rotation", "open_policy"))
    props = {"Description": st.sub("${ProjectName} %s key (${Env})" % purpose)}
    if "rotation" in bad:
        rotation = st.pick((False, None, "param"))
    else:
        rotation = st.pick((True, True, "param"))
    if rotation == "param":
        default = "false" if "rotation" in bad else "true"
        props["EnableKeyRotation"] = st.param("EnableKeyRotation", Default=default)
    elif rotation is not None:
        props["EnableKeyRotation"] = rotation
    statements = [{
        "Sid": "EnableRootAccountPermissions",
        "Effect": "Allow",
        "Principal": {"AWS": sub("arn:${AWS::Partition}:iam::${AWS::AccountId}:root")},
        "Action": "kms:*",
        "Resource": "*",
    }]
    for service in services:
        statements.append({
            "Sid": "Allow%sUse" % service.split(".")[0].capitalize(),
            "Effect": "Allow",
            "Principal": {"Service": service},
            "Action": ["kms:Encrypt*", "kms:Decrypt*", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:Describe*"],
            "Resource": "*",
            "Condition": {"StringEquals": {"aws:SourceAccount": ref("AWS::AccountId")}},
        })
    if "open_policy" in bad:
        statements.append({"Sid": "AllowEveryone", "Effect": "Allow",
                           "Principal": st.pick(("*", {"AWS": "*"})),
                           "Action": st.pick(("kms:*", ["kms:Decrypt", "kms:GenerateDataKey"])),
                           "Resource": "*"})
    props["KeyPolicy"] = policy(statements)
    if st.chance(0.5):
        props["PendingWindowInDays"] = st.pick((7, 30))
    props["Tags"] = st.tags()
    base = purpose.title().replace(" ", "").replace("-", "") + "Key"
    return st.add(base, "AWS::KMS::Key", props, deletion_policy=st.pick(("Retain", None)))


def kms_alias(st, key, purpose):
    props = {"AliasName": st.sub("alias/${ProjectName}-${Env}-" + purpose), "TargetKeyId": ref(key)}
    return st.add(key + "Alias", "AWS::KMS::Alias", props)


def sg_rule(protocol, port, cidr, description=None):
    """A security group rule for a CIDR range (a literal or a Ref)."""
    rule = {"IpProtocol": protocol}
    if protocol != "-1":
        rule["FromPort"] = port
        rule["ToPort"] = port
    rule["CidrIpv6" if type(cidr) is str and ":" in cidr else "CidrIp"] = cidr
    if description:
        rule["Description"] = description
    return rule


def sg_rule_from(port, group, description):
    """A TCP ingress rule allowing traffic from another security group."""
    return {"IpProtocol": "tcp", "FromPort": port, "ToPort": port,
            "SourceSecurityGroupId": getatt(group, "GroupId"), "Description": description}


def open_admin_rules(st):
    """World-reachable administration ports and the like."""
    return st.pick((
        [sg_rule("tcp", 22, "0.0.0.0/0", "SSH")],
        [sg_rule("tcp", 3389, "0.0.0.0/0", "RDP")],
        [sg_rule("tcp", 22, "::/0", "SSH over IPv6")],
        [sg_rule("-1", None, "0.0.0.0/0", "Temporary: allow everything")],
        [sg_rule("tcp", 22, "0.0.0.0/0"), sg_rule("tcp", 3389, "0.0.0.0/0")],
    ))


def security_group(st, base, description, rules, egress_port=None):
    props = {"GroupDescription": description, "VpcId": st.vpc_id()}
    if rules:
        props["SecurityGroupIngress"] = rules
    if egress_port:
        props["SecurityGroupEgress"] = [sg_rule("tcp", egress_port, "0.0.0.0/0", "Outbound HTTPS")]
    props["Tags"] = st.tags(base.lower())
    return st.add(base, "AWS::EC2::SecurityGroup", props)


def security_group_ingress(st, group, rule):
    props = {"GroupId": getatt(group, "GroupId")}
    props.update(rule)
    return st.add("%sIngress%d" % (group, rule["FromPort"]), "AWS::EC2::SecurityGroupIngress", props)


def vpc(st):
    props = {
        "CidrBlock": "10.%d.0.0/16" % st.rng.randint(0, 250),
        "EnableDnsSupport": True,
        "EnableDnsHostnames": True,
        "Tags": st.tags("vpc"),
    }
    return st.add("VPC", "AWS::EC2::VPC", props)


def internet_gateway(st, vpc_id):
    gateway = st.add("InternetGateway", "AWS::EC2::InternetGateway", {"Tags": st.tags("igw")})
    st.add("GatewayAttachment", "AWS::EC2::VPCGatewayAttachment",
           {"VpcId": ref(vpc_id), "InternetGatewayId": ref(gateway)})
    return gateway


def subnet(st, vpc_id, index, public):
    props = {
        "VpcId": ref(vpc_id),
        "CidrBlock": select(index, cidr(getatt(vpc_id, "CidrBlock"), 6, 8)),
        "AvailabilityZone": select(index % 2, get_azs(st.pick(("", ref("AWS::Region"))))),
    }
    if public:
        props["MapPublicIpOnLaunch"] = True
    kind = "public" if public else "private"
    props["Tags"] = st.tags("%s-%d" % (kind, index % 2 + 1))
    return st.add("%sSubnet%d" % (kind.capitalize(), index % 2 + 1), "AWS::EC2::Subnet", props)


def flow_log(st, vpc_id):
    props = {
        "ResourceId": ref(vpc_id),
        "ResourceType": "VPC",
        "TrafficType": st.pick(("ALL", "ALL", "REJECT")),
        "LogDestinationType": "s3",
        "LogDestination": arn(st.log_bucket()),
        "Tags": st.tags(),
    }
    return st.add("VPCFlowLog", "AWS::EC2::FlowLog", props,
                  condition=st.pick((None, None, "IsProdOrStaging")))


def load_balancer(st, group, subnets, public):
    bad = st.flaws(("no_access_logs", "keeps_invalid_headers"))
    attributes = []
    if "no_access_logs" not in bad:
        attributes.append({"Key": "access_logs.s3.enabled", "Value": "true"})
        attributes.append({"Key": "access_logs.s3.bucket", "Value": ref(st.log_bucket())})
        attributes.append({"Key": "access_logs.s3.prefix", "Value": "alb"})
    attributes.append({"Key": "routing.http.drop_invalid_header_fields.enabled",
                       "Value": "false" if "keeps_invalid_headers" in bad else "true"})
    attributes.append({"Key": "deletion_protection.enabled",
                       "Value": fn_if(st.condition("IsProd"), "true", "false")})
    props = {
        "Type": "application",
        "Scheme": "internet-facing" if public else "internal",
        "Subnets": subnets,
        "SecurityGroups": [getatt(group, "GroupId")],
        "LoadBalancerAttributes": attributes,
        "Tags": st.tags("alb"),
    }
    return st.add("LoadBalancer", "AWS::ElasticLoadBalancingV2::LoadBalancer", props)


def target_group(st, port, target_type):
    props = {
        "Port": port,
        "Protocol": "HTTP",
        "TargetType": target_type,
        "VpcId": st.vpc_id(),
        "HealthCheckPath": st.pick(("/health", "/healthz", "/status")),
        "Matcher": {"HttpCode": "200"},
        "TargetGroupAttributes": [{"Key": "deregistration_delay.timeout_seconds", "Value": "30"}],
    }
    return st.add("TargetGroup", "AWS::ElasticLoadBalancingV2::TargetGroup", props)


def https_listener(st, lb, tg):
    bad = st.flaws(("weak_tls",))
    props = {
        "LoadBalancerArn": ref(lb),
        "Port": 443,
        "Protocol": "HTTPS",
        "SslPolicy": st.pick(WEAK_TLS_POLICIES if bad else GOOD_TLS_POLICIES),
        "Certificates": [{"CertificateArn": st.param("CertificateArn")}],
        "DefaultActions": [{"Type": "forward", "TargetGroupArn": ref(tg)}],
    }
    return st.add("HttpsListener", "AWS::ElasticLoadBalancingV2::Listener", props,
                  condition=st.pick((None, "HasCertificate")))


def http_listener(st, lb, tg, redirect):
    if redirect:
        action = {"Type": "redirect", "RedirectConfig": {
            "Protocol": "HTTPS", "Port": "443", "Host": "#{host}", "Path": "/#{path}",
            "Query": "#{query}", "StatusCode": "HTTP_301"}}
    else:
        action = {"Type": "forward", "TargetGroupArn": ref(tg)}
    props = {"LoadBalancerArn": ref(lb), "Port": 80, "Protocol": "HTTP", "DefaultActions": [action]}
    return st.add("HttpListener", "AWS::ElasticLoadBalancingV2::Listener", props)


def iam_role(st, base, service, statements=(), managed=(), name=None):
    bad = st.flaws(("admin_managed", "wildcard_inline", "open_trust"))
    document = assume_role_policy(st, service)
    if "open_trust" in bad:
        document["Statement"][0]["Principal"] = st.pick(({"AWS": "*"}, "*"))
    props = {"AssumeRolePolicyDocument": document}
    if name:
        props["RoleName"] = st.name(name)
    if st.chance(0.3):
        props["Path"] = "/%s/" % st.project
    arns = [aws_managed(st, m) for m in managed]
    if "admin_managed" in bad:
        arns.append(aws_managed(st, st.pick(("AdministratorAccess", "PowerUserAccess", "IAMFullAccess"))))
    if arns:
        props["ManagedPolicyArns"] = arns
    statements = list(statements)
    if "wildcard_inline" in bad:
        statements.append(wildcard_statement(st))
    if statements:
        props["Policies"] = [{"PolicyName": base[0].lower() + base[1:] + "-access",
                              "PolicyDocument": policy(statements)}]
    if st.chance(0.2):
        props["PermissionsBoundary"] = sub(
            "arn:${AWS::Partition}:iam::${AWS::AccountId}:policy/%s-boundary" % st.project)
    props["Tags"] = st.tags()
    return st.add(base, "AWS::IAM::Role", props)


def iam_policy(st, role, statements):
    bad = st.flaws(("wildcard",))
    statements = list(statements)
    if bad:
        statements.append(wildcard_statement(st))
    props = {"PolicyName": st.name("extra"), "PolicyDocument": policy(statements), "Roles": [ref(role)]}
    return st.add(role + "ExtraPolicy", "AWS::IAM::Policy", props)


def iam_managed_policy(st, base, roles, statements):
    bad = st.flaws(("wildcard",))
    statements = list(statements)
    if bad:
        statements.append(wildcard_statement(st))
    props = {"Description": "Access for %s workloads" % st.project}
    if st.chance(0.5):
        props["ManagedPolicyName"] = st.name(base.lower())
    props["PolicyDocument"] = policy(statements)
    if roles:
        props["Roles"] = [ref(r) for r in roles]
    return st.add(base + "Policy", "AWS::IAM::ManagedPolicy", props)


def instance_profile(st, role):
    return st.add(role + "Profile", "AWS::IAM::InstanceProfile", {"Path": "/", "Roles": [ref(role)]})


def secret(st, purpose):
    props = {
        "Description": st.sub("${ProjectName} %s credentials (${Env})" % purpose),
        "GenerateSecretString": {
            "SecretStringTemplate": json.dumps({"username": "dbadmin"}),
            "GenerateStringKey": "password",
            "PasswordLength": 32,
            "ExcludeCharacters": "\"@/\\",
        },
    }
    if st.chance(0.5):
        props["KmsKeyId"] = st.key_arn()
    return st.add(purpose.capitalize() + "Secret", "AWS::SecretsManager::Secret", props)


def db_password(st, props, flawed):
    """Set the master password properties of a DB instance or cluster."""
    if flawed:
        props["MasterUserPassword"] = st.pick(PLAINTEXT_PASSWORDS)
        return
    choice = st.pick(("managed", "secret", "param"))
    if choice == "managed":
        props["ManageMasterUserPassword"] = True
    elif choice == "secret":
        secret_id = st.side_resource("database credentials", lambda: secret(st, "database"))
        props["MasterUserPassword"] = sub("{{resolve:secretsmanager:${%s}:SecretString:password}}" % secret_id)
    else:
        props["MasterUserPassword"] = st.param("DBPassword")


def db_subnet_group(st):
    props = {"DBSubnetGroupDescription": st.sub("${ProjectName} database subnets"),
             "SubnetIds": st.subnet_ids()}
    return st.add("DBSubnetGroup", "AWS::RDS::DBSubnetGroup", props)


def db_instance(st, group, subnet_group, engine):
    bad = st.flaws(("unencrypted", "public", "no_backups", "plaintext_password", "no_deletion_protection"))
    name, version, _, log_type = engine
    props = {
        "Engine": name,
        "EngineVersion": version,
        "DBInstanceClass": st.pick((st.env_config("DBInstanceClass"), "db.t4g.medium", "db.m6g.large")),
        "AllocatedStorage": st.pick(("20", "100", 200)),
        "StorageType": "gp3",
        "MasterUsername": st.param("DBUsername"),
    }
    db_password(st, props, "plaintext_password" in bad)
    if "unencrypted" in bad:
        encrypted = st.pick((False, None, fn_if(st.condition("IsProd"), True, False)))
        if encrypted is not None:
            props["StorageEncrypted"] = encrypted
    else:
        props["StorageEncrypted"] = True
        if st.chance(0.6):
            props["KmsKeyId"] = st.key_arn()
    props["PubliclyAccessible"] = "public" in bad
    props["MultiAZ"] = fn_if(st.condition("IsProd"), True, False)
    if "no_backups" in bad:
        props["BackupRetentionPeriod"] = 0
    else:
        props["BackupRetentionPeriod"] = st.pick((7, 14, st.env_config("BackupRetention")))
    props["DeletionProtection"] = (False if "no_deletion_protection" in bad
                                   else st.pick((True, fn_if(st.condition("IsProd"), True, False))))
    props["DBSubnetGroupName"] = ref(subnet_group)
    props["VPCSecurityGroups"] = [st.pick((getatt(group, "GroupId"), ref(group)))]
    if st.chance(0.5):
        props["EnableIAMDatabaseAuthentication"] = True
    props["CopyTagsToSnapshot"] = True
    props["EnableCloudwatchLogsExports"] = [log_type]
    props["Tags"] = st.tags("db", st.pick(("confidential", "restricted")))
    return st.add("Database", "AWS::RDS::DBInstance", props, deletion_policy="Snapshot")


def db_cluster(st, group, subnet_group, engine):
    bad = st.flaws(("unencrypted", "short_backups", "plaintext_password", "no_deletion_protection"))
    name, version, port, log_type = engine
    props = {
        "Engine": name,
        "EngineVersion": version,
        "Port": port,
        "MasterUsername": st.param("DBUsername"),
    }
    db_password(st, props, "plaintext_password" in bad)
    if "unencrypted" not in bad:
        props["StorageEncrypted"] = True
        props["KmsKeyId"] = st.key_arn()
    elif st.chance(0.5):
        props["StorageEncrypted"] = False
    props["BackupRetentionPeriod"] = 1 if "short_backups" in bad else st.pick((7, 14, 35))
    props["DeletionProtection"] = "no_deletion_protection" not in bad
    props["DBSubnetGroupName"] = ref(subnet_group)
    props["VpcSecurityGroupIds"] = [getatt(group, "GroupId")]
    props["EnableIAMDatabaseAuthentication"] = st.chance(0.5)
    props["EnableCloudwatchLogsExports"] = [log_type]
    props["CopyTagsToSnapshot"] = True
    props["Tags"] = st.tags("aurora", "confidential")
    return st.add("AuroraCluster", "AWS::RDS::DBCluster", props, deletion_policy="Snapshot")


def cluster_instance(st, cluster, engine):
    bad = st.flaws(("public",))
    props = {
        "DBClusterIdentifier": ref(cluster),
        "Engine": engine[0],
        "DBInstanceClass": st.pick(("db.r6g.large", "db.r6g.xlarge", st.env_config("DBInstanceClass"))),
        "PubliclyAccessible": bool(bad),
        "AutoMinorVersionUpgrade": True,
    }
    if st.chance(0.5):
        props["MonitoringInterval"] = 60
        props["EnablePerformanceInsights"] = True
    return st.add(cluster + "Instance", "AWS::RDS::DBInstance", props)


def dynamodb_table(st, name):
    bad = st.flaws(("no_sse", "no_pitr", "no_classification"))
    props = {"TableName": st.name(name.lower())} if st.chance(0.5) else {}
    props["AttributeDefinitions"] = [
        {"AttributeName": "pk", "AttributeType": "S"},
        {"AttributeName": "sk", "AttributeType": "S"},
    ]
    props["KeySchema"] = [
        {"AttributeName": "pk", "KeyType": "HASH"},
        {"AttributeName": "sk", "KeyType": "RANGE"},
    ]
    if st.chance(0.7):
        props["BillingMode"] = "PAY_PER_REQUEST"
    else:
        props["ProvisionedThroughput"] = {"ReadCapacityUnits": 5, "WriteCapacityUnits": 5}
    if "no_sse" not in bad:
        if st.chance(0.5):
            props["SSESpecification"] = {"SSEEnabled": True}
        else:
            props["SSESpecification"] = {"SSEEnabled": True, "SSEType": "KMS",
                                         "KMSMasterKeyId": st.key_arn()}
    elif st.chance(0.5):
        props["SSESpecification"] = {"SSEEnabled": False}
    if "no_pitr" not in bad:
        props["PointInTimeRecoverySpecification"] = {"PointInTimeRecoveryEnabled": True}
    elif st.chance(0.6):
        props["PointInTimeRecoverySpecification"] = {
            "PointInTimeRecoveryEnabled": st.pick((False, fn_if(st.condition("IsProd"), True, False)))}
    if st.chance(0.3):
        props["TimeToLiveSpecification"] = {"AttributeName": "expiresAt", "Enabled": True}
    if st.chance(0.3):
        props["StreamSpecification"] = {"StreamViewType": "NEW_AND_OLD_IMAGES"}
    if st.chance(0.4):
        props["DeletionProtectionEnabled"] = st.either(
            lambda: fn_if(st.condition("IsProd"), True, False),
            lambda: fn_if(st.condition("IsNotProd"), False, True))
    classification = None if "no_classification" in bad else st.pick(CLASSIFICATIONS[1:])
    props["Tags"] = st.tags(None, classification)
    return st.add(name + "Table", "AWS::DynamoDB::Table", props,
                  deletion_policy=st.pick((None, "Retain")))


def user_data(rid, leak_credentials):
    lines = [
        "#!/bin/bash",
        "set -euo pipefail",
        "dnf install -y amazon-cloudwatch-agent",
        'echo "stack=${AWS::StackName} region=${AWS::Region}" > /etc/app.env',
    ]
    if leak_credentials:
        lines.append("export AWS_ACCESS_KEY_ID=AKIAIOSFODNN7EXAMPLE")
        lines.append("export AWS_SECRET_ACCESS_KEY=wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY")
    lines.append("/opt/aws/bin/cfn-signal -e $? --stack ${AWS::StackName} --resource %s"
                 " --region ${AWS::Region}" % rid)
    return base64(sub("\n".join(lines) + "\n"))


def ec2_instance(st, group, profile):
    bad = st.flaws(("imdsv1", "unencrypted_root", "credentials_in_user_data"))
    if st.chance(0.5):
        image = find_in_map("RegionMap", ref("AWS::Region"), "AMI")
    else:
        image = st.param("LatestAmiId")
    props = {
        "ImageId": image,
        "InstanceType": st.either(lambda: st.param("InstanceType"), lambda: st.env_config("InstanceType")),
        "SubnetId": st.subnet_id(),
        "SecurityGroupIds": [getatt(group, "GroupId")],
        "IamInstanceProfile": ref(profile),
    }
    if st.chance(0.2):
        props["KeyName"] = st.param("KeyName")
    if "imdsv1" not in bad:
        props["MetadataOptions"] = {"HttpTokens": "required", "HttpEndpoint": "enabled",
                                    "HttpPutResponseHopLimit": st.pick((1, 2))}
    elif st.chance(0.5):
        props["MetadataOptions"] = {"HttpTokens": "optional", "HttpEndpoint": "enabled"}
    ebs = {"VolumeSize": st.pick((20, 30, 50)), "VolumeType": "gp3", "DeleteOnTermination": True}
    if "unencrypted_root" not in bad:
        ebs["Encrypted"] = True
    elif st.chance(0.5):
        ebs["Encrypted"] = False
    props["BlockDeviceMappings"] = [{"DeviceName": "/dev/xvda", "Ebs": ebs}]
    props["Monitoring"] = st.chance(0.6)
    rid = st.unique("AppInstance")
    props["UserData"] = user_data(rid, "credentials_in_user_data" in bad)
    props["Tags"] = st.tags("app")
    return st.add(rid, "AWS::EC2::Instance", props)


def ebs_volume(st, instance):
    bad = st.flaws(("unencrypted",))
    props = {
        "AvailabilityZone": st.pick((getatt(instance, "AvailabilityZone"), select(0, get_azs("")))),
        "Size": st.pick((50, 100, 500)),
        "VolumeType": st.pick(("gp3", "io2", "st1")),
    }
    if not bad:
        props["Encrypted"] = True
        if st.chance(0.5):
            props["KmsKeyId"] = st.key_arn()
    elif st.chance(0.5):
        props["Encrypted"] = False
    props["Tags"] = st.tags("data-volume", st.pick(CLASSIFICATIONS[1:]))
    return st.add(instance + "DataVolume", "AWS::EC2::Volume", props,
                  deletion_policy=st.pick(("Snapshot", None)))


def volume_attachment(st, instance, volume):
    props = {"InstanceId": ref(instance), "VolumeId": ref(volume), "Device": "/dev/sdf"}
    return st.add(volume + "Attachment", "AWS::EC2::VolumeAttachment", props)


def log_group(st, base, name):
    bad = st.flaws(("no_retention",))
    props = {"LogGroupName": name}
    if not bad:
        props["RetentionInDays"] = st.either(
            lambda: st.pick((14, 30, 90, 365)),
            lambda: st.env_config("LogRetention"),
            lambda: st.param("LogRetentionDays"))
    if st.chance(0.4):
        props["KmsKeyId"] = st.key_arn()
    return st.add(base, "AWS::Logs::LogGroup", props, deletion_policy=st.pick((None, "Retain")))


def sqs_queue(st, name, dead_letter=None):
    bad = st.flaws(("unencrypted",))
    props = {"QueueName": st.name(name.lower() + ("-dlq" if dead_letter is None else ""))}
    if not bad:
        if st.chance(0.5):
            props["SqsManagedSseEnabled"] = True
        else:
            props["KmsMasterKeyId"] = st.either(lambda: "alias/aws/sqs", st.key_arn)
            props["KmsDataKeyReusePeriodSeconds"] = 300
    elif st.chance(0.6):
        props["SqsManagedSseEnabled"] = False
    if dead_letter is None:
        props["MessageRetentionPeriod"] = 1209600
    else:
        props["VisibilityTimeout"] = st.pick((30, 60, 300))
        props["RedrivePolicy"] = {"deadLetterTargetArn": arn(dead_letter), "maxReceiveCount": 5}
    props["Tags"] = st.tags()
    return st.add(name + ("DeadLetterQueue" if dead_letter is None else "Queue"), "AWS::SQS::Queue", props)


def sqs_queue_policy(st, queue, topic):
    bad = st.flaws(("open",))
    statement = {"Sid": "AllowTopic", "Effect": "Allow", "Principal": {"Service": "sns.amazonaws.com"},
                 "Action": "sqs:SendMessage", "Resource": arn(queue),
                 "Condition": {"ArnEquals": {"aws:SourceArn": ref(topic)}}}
    if bad:
        statement["Principal"] = "*"
        del statement["Condition"]
    props = {"Queues": [ref(queue)], "PolicyDocument": policy([statement])}
    return st.add(queue + "Policy", "AWS::SQS::QueuePolicy", props)


def sns_topic(st, name):
    bad = st.flaws(("unencrypted",))
    props = {"TopicName": st.name(name.lower() + "-events")}
    if not bad:
        props["KmsMasterKeyId"] = st.either(
            lambda: "alias/aws/sns",
            st.key_arn,
            lambda: fn_if(st.condition("UseCmkInProd"), st.param("KmsKeyArn"), "alias/aws/sns"))
    props["Tags"] = st.tags()
    return st.add(name + "Topic", "AWS::SNS::Topic", props)


def sns_subscription(st, topic, queue):
    props = {"TopicArn": ref(topic), "Protocol": "sqs", "Endpoint": arn(queue), "RawMessageDelivery": True}
    return st.add(queue + "Subscription", "AWS::SNS::Subscription", props)


def lambda_function(st, name, role, logs, environment):
    bad = st.flaws(("deprecated_runtime", "plaintext_secret", "no_tracing"))
    runtime = st.pick(DEPRECATED_RUNTIMES if "deprecated_runtime" in bad else LAMBDA_RUNTIMES)
    props = {"FunctionName": st.name(name.lower()), "Description": "%s for %s" % (name, st.project)}
    props["Runtime"] = runtime
    if runtime.startswith("python") and st.chance(0.5):
        props["Handler"] = "index.handler"
        props["Code"] = {"ZipFile": LAMBDA_CODE}
    else:
        props["Handler"] = "app.handler" if not runtime.startswith("java") else "com.example.Handler::handleRequest"
        props["Code"] = {"S3Bucket": st.param("CodeBucket"),
                         "S3Key": st.sub("functions/%s/${Env}.zip" % name.lower())}
    props["Role"] = arn(role)
    props["MemorySize"] = st.pick((128, 256, 512, 1024))
    props["Timeout"] = st.pick((10, 30, 60, 300))
    variables = dict(environment)
    variables["LOG_LEVEL"] = fn_if(st.condition("IsProd"), "INFO", "DEBUG")
    if "plaintext_secret" in bad:
        variables[st.pick(("API_KEY", "DB_PASSWORD", "STRIPE_SECRET"))] = st.pick(
            ("sk_live_51Hx2examplekey0000", "hunter2-prod", "s3cr3t-t0ken-value"))
    props["Environment"] = {"Variables": variables}
    if st.chance(0.4):
        props["KmsKeyArn"] = st.key_arn()
    if "no_tracing" not in bad:
        props["TracingConfig"] = {"Mode": "Active"}
    if st.chance(0.5):
        group = security_group(st, name + "FunctionSecurityGroup", "Lambda egress", [], 443)
        props["VpcConfig"] = {"SubnetIds": st.subnet_ids(), "SecurityGroupIds": [getatt(group, "GroupId")]}
    if st.chance(0.3):
        props["ReservedConcurrentExecutions"] = st.pick((5, 10, 50))
    props["Tags"] = st.tags()
    return st.add(name + "Function", "AWS::Lambda::Function", props,
                  depends_on=st.pick((logs, [logs], [logs, role])))


def ecs_cluster(st):
    props = {"ClusterName": st.name("cluster"), "ClusterSettings": [
        {"Name": "containerInsights", "Value": fn_if(st.condition("IsProd"), "enabled", "disabled")}]}
    props["Tags"] = st.tags()
    return st.add("Cluster", "AWS::ECS::Cluster", props)


def ecs_task_definition(st, name, execution_role, task_role, logs, port):
    bad = st.flaws(("privileged", "root_user", "writable_root", "plaintext_secret", "host_network"))
    container = {
        "Name": name.lower(),
        "Image": st.param("ImageUri"),
        "Essential": True,
        "PortMappings": [{"ContainerPort": port, "Protocol": "tcp"}],
        "LogConfiguration": {"LogDriver": "awslogs", "Options": {
            "awslogs-group": ref(logs),
            "awslogs-region": ref("AWS::Region"),
            "awslogs-stream-prefix": name.lower(),
        }},
    }
    if "privileged" in bad:
        container["Privileged"] = True
    if "root_user" in bad:
        if st.chance(0.5):
            container["User"] = "root"
    else:
        container["User"] = st.pick(("1000", "1000:1000", "app"))
    container["ReadonlyRootFilesystem"] = "writable_root" not in bad
    environment = [{"Name": "PORT", "Value": str(port)}, {"Name": "STAGE", "Value": st.env_ref()}]
    if "plaintext_secret" in bad:
        environment.append({"Name": "DB_PASSWORD", "Value": st.pick(PLAINTEXT_PASSWORDS)})
    else:
        container["Secrets"] = [{"Name": "DB_PASSWORD", "ValueFrom": sub(
            "arn:${AWS::Partition}:ssm:${AWS::Region}:${AWS::AccountId}:parameter/%s/db-password" % st.project)}]
    container["Environment"] = environment
    cpu, memory = st.pick((("256", "512"), ("512", "1024"), ("1024", "2048"), ("2048", "4096")))
    props = {
        "Family": st.name(name.lower()),
        "Cpu": cpu,
        "Memory": memory,
        "NetworkMode": "host" if "host_network" in bad else "awsvpc",
        "RequiresCompatibilities": ["EC2"] if "host_network" in bad else ["FARGATE"],
        "ExecutionRoleArn": arn(execution_role),
        "TaskRoleArn": arn(task_role),
        "ContainerDefinitions": [container],
    }
    props["Tags"] = st.tags()
    return st.add(name + "TaskDefinition", "AWS::ECS::TaskDefinition", props)


def ecs_service(st, cluster, task, group, tg, name, port, depends_on):
    bad = st.flaws(("public_ip",))
    props = {
        "Cluster": ref(cluster),
        "TaskDefinition": ref(task),
        "LaunchType": "FARGATE",
        "DesiredCount": fn_if(st.condition("IsProd"), 2, 1),
        "NetworkConfiguration": {"AwsvpcConfiguration": {
            "AssignPublicIp": "ENABLED" if bad else "DISABLED",
            "SecurityGroups": [getatt(group, "GroupId")],
            "Subnets": st.subnet_ids(public=bool(bad)),
        }},
        "LoadBalancers": [{"ContainerName": name.lower(), "ContainerPort": port, "TargetGroupArn": ref(tg)}],
    }
    props["Tags"] = st.tags()
    return st.add(name + "Service", "AWS::ECS::Service", props, depends_on=depends_on)


def cloudtrail(st, bucket, bucket_policy, logs, role):
    bad = st.flaws(("no_validation", "single_region", "unencrypted"))
    props = {
        "TrailName": st.name("trail"),
        "S3BucketName": ref(bucket),
        "IsLogging": True,
        "IncludeGlobalServiceEvents": True,
        "IsMultiRegionTrail": "single_region" not in bad,
    }
    if "no_validation" not in bad:
        props["EnableLogFileValidation"] = True
    elif st.chance(0.5):
        props["EnableLogFileValidation"] = False
    if "unencrypted" not in bad:
        props["KMSKeyId"] = st.key_arn()
    props["CloudWatchLogsLogGroupArn"] = arn(logs)
    props["CloudWatchLogsRoleArn"] = arn(role)
    if st.chance(0.3):
        props["EventSelectors"] = [{"ReadWriteType": "All", "IncludeManagementEvents": True,
                                    "DataResources": [{"Type": "AWS::S3::Object",
                                                       "Values": [sub("arn:${AWS::Partition}:s3")]}]}]
    props["Tags"] = st.tags()
    return st.add("Trail", "AWS::CloudTrail::Trail", props, depends_on=[bucket_policy],
                  condition=st.pick((None, None, "IsProd")))


# --------------------------------------------------------------------------
# Components: groups of resources that appear together in real stacks
# --------------------------------------------------------------------------

def network_component(st):
    st.begin("network", "network: VPC, subnets and flow logs")
    vpc_id = vpc(st)
    internet_gateway(st, vpc_id)
    public = [subnet(st, vpc_id, i, True) for i in range(2)]
    private = [subnet(st, vpc_id, i + 2, False) for i in range(2)]
    st.network = {"vpc": vpc_id, "public": public, "private": private}
    if not st.flaws(("no_flow_logs",)):
        flow_log(st, vpc_id)
    st.output("VpcId", ref(vpc_id), "VPC of the stack")
    st.output("PrivateSubnetIds", join(",", [ref(s) for s in private]), "Private subnets")


def storage_component(st):
    purpose = st.pick(BUCKET_PURPOSES)
    st.begin("storage", "storage: %s bucket" % purpose)
    bucket = s3_bucket(st, purpose)
    if st.chance(0.6):
        roles = [rid for rid, r in st.resources.items() if r["Type"] == "AWS::IAM::Role"]
        s3_bucket_policy(st, bucket, roles[-1:] if st.chance(0.5) else ())
    if st.chance(0.5):
        st.output(bucket + "Name", ref(bucket), "Name of the %s bucket" % purpose)


def database_component(st):
    engine = st.pick(ENGINES)
    st.begin("database", "database: %s" % engine[0])
    rules = [sg_rule("tcp", engine[2], st.pick(("10.0.0.0/16", "10.0.0.0/8")), "Application subnets")]
    if st.flaws(("open_db_port",)):
        rules.append(sg_rule("tcp", engine[2], "0.0.0.0/0", "Temporary access for migration"))
    group = security_group(st, "DatabaseSecurityGroup", "Database access", rules)
    database = db_instance(st, group, db_subnet_group(st), engine)
    st.output(database + "Endpoint", getatt(database, "Endpoint.Address"), "Database endpoint")


def aurora_component(st):
    engine = st.pick(AURORA_ENGINES)
    st.begin("database", "database: Aurora %s" % engine[0])
    group = security_group(st, "AuroraSecurityGroup", "Aurora access", [])
    if st.flaws(("open_db_port",)):
        security_group_ingress(st, group, sg_rule("tcp", engine[2], "0.0.0.0/0", "Allow from anywhere"))
    else:
        security_group_ingress(st, group, sg_rule_from(engine[2], group, "Members of the group"))
    cluster = db_cluster(st, group, db_subnet_group(st), engine)
    for _ in range(st.pick((1, 2))):
        cluster_instance(st, cluster, engine)
    st.output("ClusterEndpoint", getatt(cluster, "Endpoint.Address"), "Aurora writer endpoint")


def dynamodb_component(st):
    name = st.pick(TABLE_NAMES)
    st.begin("tables", "tables: %s" % name)
    table = dynamodb_table(st, name)
    st.output(table + "Arn", arn(table), "ARN of the %s table" % name)


def web_component(st):
    st.begin("web", "web: application load balancer")
    public = st.chance(0.8)
    rules = [sg_rule("tcp", 443, "0.0.0.0/0", "HTTPS"), sg_rule("tcp", 80, "0.0.0.0/0", "HTTP redirect")]
    if st.chance(0.4):
        rules.append(sg_rule("tcp", 443, "::/0", "HTTPS over IPv6"))
    if st.flaws(("open_admin",)):
        rules += open_admin_rules(st)
    group = security_group(st, "LoadBalancerSecurityGroup", "Load balancer", rules)
    lb = load_balancer(st, group, st.subnet_ids(public=public), public)
    tg = target_group(st, 8080, st.pick(("ip", "instance")))
    https = st.chance(0.75)
    if https:
        https_listener(st, lb, tg)
    listener = http_listener(st, lb, tg, https and not st.flaws(("http_forward",)))
    st.output(lb + "Dns", getatt(lb, "DNSName"), "DNS name of the load balancer")
    return group, tg, listener


def compute_component(st):
    st.begin("compute", "compute: EC2 application host")
    role = iam_role(st, "InstanceRole", "ec2.amazonaws.com", managed=("AmazonSSMManagedInstanceCore",))
    profile = instance_profile(st, role)
    rules = [sg_rule("tcp", 8080, st.pick(("10.0.0.0/16", "10.0.0.0/8")), "Application")]
    bad = st.flaws(("open_admin", "ssh_param"))
    if "open_admin" in bad:
        rules += open_admin_rules(st)
    if "ssh_param" in bad:
        rules.append(sg_rule("tcp", 22, st.param("AllowedSshCidr", Default="0.0.0.0/0"), "SSH"))
    elif st.chance(0.3):
        rules.append(sg_rule("tcp", 22, st.param("AllowedSshCidr"), "SSH"))
    group = security_group(st, "InstanceSecurityGroup", "Application hosts", rules, st.pick((None, 443)))
    instance = ec2_instance(st, group, profile)
    if st.chance(0.5):
        volume = ebs_volume(st, instance)
        if st.chance(0.6):
            volume_attachment(st, instance, volume)
    st.output(instance + "Id", ref(instance), "Application host")


def iam_component(st):
    st.begin("iam", "iam: operator role and policies")
    service = st.pick(("lambda.amazonaws.com", "ecs-tasks.amazonaws.com", "ec2.amazonaws.com",
                       "states.amazonaws.com", "codebuild.amazonaws.com"))
    statements = [allow(["ssm:GetParameter", "ssm:GetParameters"], sub(
        "arn:${AWS::Partition}:ssm:${AWS::Region}:${AWS::AccountId}:parameter/%s/*" % st.project))]
    role = iam_role(st, st.pick(("Operator", "Deploy", "Batch", "Pipeline")) + "Role", service,
                    statements, name=st.pick((None, "role")))
    if st.chance(0.6):
        iam_policy(st, role, [allow(["logs:CreateLogStream", "logs:PutLogEvents"], sub(
            "arn:${AWS::Partition}:logs:${AWS::Region}:${AWS::AccountId}:log-group:/%s/*" % st.project))])
    if st.chance(0.5):
        iam_managed_policy(st, st.pick(("ReadOnly", "Support", "Metrics")), [role], [
            allow(["cloudwatch:GetMetricData", "cloudwatch:ListMetrics"], "*", "ReadMetrics")])
    st.output(role + "Arn", arn(role), "Role ARN")


def kms_component(st):
    purpose = st.pick(("secrets", "backups", "logs", "payments", "pii"))
    st.begin("kms", "kms: %s key" % purpose)
    key = kms_key(st, purpose, st.pick(((), ("logs.amazonaws.com",), ("sns.amazonaws.com",))))
    if st.chance(0.6):
        kms_alias(st, key, purpose)
    st.output(key + "Arn", arn(key), "KMS key ARN")


def audit_component(st):
    st.has_trail = True
    st.begin("audit", "audit: CloudTrail")
    bucket = s3_bucket(st, "cloudtrail", "internal", "TrailBucket")
    bucket_policy = trail_bucket_policy(st, bucket)
    logs = log_group(st, "TrailLogGroup", st.sub("/aws/cloudtrail/${ProjectName}-${Env}"))
    role = iam_role(st, "TrailLogsRole", "cloudtrail.amazonaws.com", [allow(
        ["logs:CreateLogStream", "logs:PutLogEvents"], sub("${%s.Arn}" % logs))])
    cloudtrail(st, bucket, bucket_policy, logs, role)


def messaging_component(st):
    name = st.pick(QUEUE_NAMES)
    st.begin("messaging", "messaging: %s" % name.lower())
    dlq = sqs_queue(st, name)
    queue = sqs_queue(st, name, dlq)
    if st.chance(0.6):
        topic = sns_topic(st, name)
        sns_subscription(st, topic, queue)
        sqs_queue_policy(st, queue, topic)
        st.output(topic + "Arn", ref(topic), "Topic ARN")
    st.output(queue + "Url", ref(queue), "Queue URL")


def serverless_component(st):
    name = st.pick(FUNCTION_NAMES)
    st.begin("serverless", "serverless: %s function" % name.lower())
    logs = log_group(st, name + "LogGroup", st.sub("/aws/lambda/${ProjectName}-${Env}-" + name.lower()))
    statements = [allow(["logs:CreateLogStream", "logs:PutLogEvents"], arn(logs))]
    environment = {"TARGET": st.pick((st.env_ref(), ref("AWS::StackName")))}
    if st.chance(0.5):
        table = dynamodb_table(st, st.pick(TABLE_NAMES))
        statements.append(allow(["dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:Query"],
                                [arn(table), sub("${%s.Arn}/index/*" % table)]))
        environment["TABLE_NAME"] = ref(table)
    role = iam_role(st, name + "Role", "lambda.amazonaws.com", statements,
                    managed=("service-role/AWSLambdaBasicExecutionRole",))
    function = lambda_function(st, name, role, logs, environment)
    st.output(function + "Arn", arn(function), "Function ARN")


def container_component(st):
    name = st.pick(("Api", "Web", "Worker", "Frontend"))
    st.begin("containers", "containers: %s service on Fargate" % name.lower())
    cluster = ecs_cluster(st)
    logs = log_group(st, name + "Logs", st.sub("/ecs/${ProjectName}-${Env}/" + name.lower()))
    execution = iam_role(st, name + "ExecutionRole", "ecs-tasks.amazonaws.com",
                         managed=("service-role/AmazonECSTaskExecutionRolePolicy",))
    task_role = iam_role(st, name + "TaskRole", "ecs-tasks.amazonaws.com", [
        allow("sqs:SendMessage", sub("arn:${AWS::Partition}:sqs:${AWS::Region}:${AWS::AccountId}:*"))])
    task = ecs_task_definition(st, name, execution, task_role, logs, 8080)
    if st.chance(0.5):
        lb_group, tg, listener = web_component(st)
        st.begin("containers", "containers: %s service" % name.lower())
        group = security_group(st, name + "ServiceSecurityGroup", "Service tasks",
                               [sg_rule_from(8080, lb_group, "From the load balancer")])
        ecs_service(st, cluster, task, group, tg, name, 8080, st.pick((listener, [listener])))
    st.output(cluster + "Name", ref(cluster), "ECS cluster")


def logs_component(st):
    st.begin("logging", "logging: application log groups")
    for suffix in st.pick((("app",), ("app", "audit"), ("access",))):
        log_group(st, suffix.capitalize() + "LogGroup",
                  st.sub("/${ProjectName}/${Env}/" + suffix))


COMPONENTS = (
    (storage_component, 16),
    (database_component, 6),
    (aurora_component, 3),
    (dynamodb_component, 8),
    (web_component, 5),
    (compute_component, 7),
    (iam_component, 9),
    (kms_component, 5),
    (audit_component, 3),
    (messaging_component, 9),
    (serverless_component, 10),
    (container_component, 5),
    (logs_component, 5),
)


# --------------------------------------------------------------------------
# Templates
# --------------------------------------------------------------------------

def build_stack(rng, resources_per_template):
    st = Stack(rng)
    # Components are added until the target is reached; the last one
    # overshoots by about two resources on average, hence the "- 2".
    target = rng.randint(max(1, round(resources_per_template * 0.6)),
                         max(1, round(resources_per_template * 1.4))) - 2
    if st.net_mode == "local" and target >= 12:
        network_component(st)
    functions = [c for c, _ in COMPONENTS]
    weights = [w for _, w in COMPONENTS]
    while not st.resources or len(st.resources) < target:
        component = rng.choices(functions, weights)[0]
        if component is audit_component and st.has_trail:
            continue
        component(st)
    return st


def template_of(st):
    description = "%s %s stack: %s" % (st.project, st.pick(("service", "application", "workload")),
                                       ", ".join(st.labels))
    template = {"AWSTemplateFormatVersion": "2010-09-09", "Description": description}
    template["Parameters"] = st.parameters
    template["Mappings"] = st.mappings
    template["Conditions"] = st.conditions
    template["Resources"] = st.resources
    if st.outputs:
        template["Outputs"] = st.outputs
    return template


def render(index, seed, resources_per_template, json_fraction):
    """Return (extension, text, resource count) of template number `index`."""
    rng = random.Random("wasp-bench:%d:%d" % (seed, index))
    as_json = rng.random() < json_fraction
    st = build_stack(rng, resources_per_template)
    template = template_of(st)
    if as_json:
        text = json.dumps(to_long_form(template), indent=rng.choice((2, 4))) + "\n"
        return "json", text, len(st.resources)
    writer = YamlWriter(rng, rng.choice(("'", '"')), rng.choice((1.0, 0.8, 0.3)),
                        rng.choice((0.0, 0.0, 0.0, 0.05)))
    return "yaml", writer.dump(template, st.comments), len(st.resources)


def main(argv=None):
    parser = argparse.ArgumentParser(description="Generate synthetic CloudFormation templates for benchmarks.")
    parser.add_argument("--out", required=True, help="output directory (created if missing)")
    parser.add_argument("--templates", type=int, required=True, help="number of templates to write")
    parser.add_argument("--resources-per-template", type=int, default=25,
                        help="average number of resources per template (default 25)")
    parser.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
    parser.add_argument("--json-fraction", type=float, default=0.3,
                        help="fraction of templates written as JSON (default 0.3)")
    args = parser.parse_args(argv)
    if args.templates < 0 or args.resources_per_template < 1 or not 0.0 <= args.json_fraction <= 1.0:
        parser.error("need --templates >= 0, --resources-per-template >= 1, 0 <= --json-fraction <= 1")

    started = time.monotonic()
    os.makedirs(args.out, exist_ok=True)
    width = max(5, len(str(args.templates)))
    counts = {"yaml": 0, "json": 0}
    resources = total_bytes = 0
    for index in range(1, args.templates + 1):
        ext, text, n = render(index, args.seed, args.resources_per_template, args.json_fraction)
        data = text.encode("utf-8")
        with open(os.path.join(args.out, "stack-%0*d.%s" % (width, index, ext)), "wb") as f:
            f.write(data)
        counts[ext] += 1
        resources += n
        total_bytes += len(data)
    print("wrote %d templates (%d YAML, %d JSON), %d resources, %d bytes to %s in %.1fs" % (
        args.templates, counts["yaml"], counts["json"], resources, total_bytes, args.out,
        time.monotonic() - started), file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
