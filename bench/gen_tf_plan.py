#!/usr/bin/env python3
"""Generate one large Terraform plan (the JSON of `terraform show -json PLANFILE`) for
benchmarking wasp.

The plan imitates a platform configuration that calls one application module per team and
environment (module.app_N), each of which calls nested modules:

    module.app_N                      KMS key, log group, SNS topic, HTTP and HTTPS listeners
    module.app_N.module.data          S3 buckets (for_each) with the split settings resources
                                      (versioning, encryption, public access block, logging,
                                      bucket policy), an RDS instance, an Aurora cluster
                                      (count 0 or 1), a DynamoDB table, EBS volumes (count)
    module.app_N.module.network       security groups, aws_security_group_rule and
                                      aws_vpc_security_group_ingress_rule
    module.app_N.module.iam           role, managed policy, attachment, inline role policy
    module.app_N.module.workers["k"]  (for_each) Lambda function, its log group, SQS queue,
                                      execution role

plus a root module with the organisation trail, its bucket and key.

Everything wasp reads is there: format_version, terraform_version, planned_values.root_module
with resources and child_modules (with "index" for count and for_each instances),
resource_changes with change.actions / before / after / after_unknown (ARNs, ids, and values
taken from other resources of the plan are known only after apply), and configuration.root_module
with resources[].expressions[*].references, module_calls (with their input expressions and
outputs), count_expression and for_each_expression.  The configuration of a module is shared by
all its calls, as in Terraform: what differs between calls comes from variables, whose values
are in the module call expressions.  About 40 % of the security-relevant resources carry a
realistic flaw (no encryption, public bucket, world-open port, wildcard policy, no rotation,
plain HTTP listener, short log retention ...).  Most changes are creates, some are updates,
no-ops or replacements.

Output is compact JSON, like terraform's, and byte-identical for the same arguments
(random.Random(seed)).  When --resources falls inside an application module, its remaining
resources are planned with no instance (count = 0), so the plan holds exactly N managed
resource instances.

Usage:
    python3 bench/gen_tf_plan.py --out FILE [--resources 20000] [--seed 1]

Standard library only.
"""

import argparse
import json
import os
import random
import sys
import time

FLAW_RATE = 0.4
ACCOUNT = "123456789012"
PROVIDER = "registry.terraform.io/hashicorp/aws"
REGIONS = ("eu-west-1", "eu-central-1", "us-east-1", "us-west-2")
TEAMS = ("orders", "payments", "catalog", "billing", "inventory", "identity", "search",
         "checkout", "shipping", "reviews", "pricing", "loyalty", "media", "analytics",
         "notifications", "accounts", "fraud", "ledger", "support", "reporting")
ENVS = ("prod", "staging", "dev", "qa")
BUCKET_KEYS = ("assets", "uploads", "reports", "exports", "backups", "artifacts", "invoices",
               "media")
WORKER_KEYS = ("ingest", "resize", "notify", "reconcile", "export", "cleanup")
ENGINES = (("postgres", "16.4", 5432, "postgresql"), ("mysql", "8.0.39", 3306, "error"),
           ("mariadb", "10.11.9", 3306, "error"))
DEFAULT_TAGS = {"ManagedBy": "terraform", "Owner": "platform"}


def C(value):
    return {"constant_value": value}


def R(*refs):
    return {"references": list(refs)}


def key_suffix(key):
    if key is None:
        return ""
    if isinstance(key, int):
        return "[%d]" % key
    return '["%s"]' % key


def hexid(rng, n):
    return "".join(rng.choice("0123456789abcdef") for _ in range(n))


def policy_doc(statements):
    return json.dumps({"Version": "2012-10-17", "Statement": statements}, separators=(",", ":"))


class Plan:
    def __init__(self, rng, limit):
        self.rng = rng
        self.limit = limit
        self.count = 0
        self.changes = []
        self.root = {"resources": [], "child_modules": []}
        self.modules = {"": self.root}

    def full(self):
        return self.count >= self.limit

    def module(self, address):
        """The planned_values module object of a module instance (created with its parents)."""
        if address in self.modules:
            return self.modules[address]
        parent = address.rsplit(".module.", 1)[0] if ".module." in address else ""
        m = {"address": address, "resources": [], "child_modules": []}
        self.module(parent)["child_modules"].append(m)
        self.modules[address] = m
        return m

    def add(self, module, rtype, name, values, unknown, key=None, tags=None):
        """Adds one managed instance; unknown: after_unknown entries (known after apply)."""
        if self.full():
            return None
        self.count += 1
        rng = self.rng
        address = (module + "." if module else "") + rtype + "." + name + key_suffix(key)
        if tags is not None or "tags_all" in values:
            values.setdefault("tags", tags)
            tags_all = dict(DEFAULT_TAGS)
            tags_all.update(tags or {})
            values["tags_all"] = tags_all
        values = dict(sorted(values.items()))
        sensitive = {k: ([] if isinstance(v, list) else {}) for k, v in values.items()
                     if isinstance(v, (list, dict)) and k != "policy"}
        item = {"address": address, "mode": "managed", "type": rtype, "name": name}
        if key is not None:
            item["index"] = key
        item.update({"provider_name": PROVIDER, "schema_version": 0, "values": values,
                     "sensitive_values": sensitive})
        self.module(module)["resources"].append(item)

        roll = rng.random()
        if roll < 0.72:
            actions, before = ["create"], None
        elif roll < 0.97:
            actions = ["no-op"] if roll < 0.9 else ["update"]
            before = values
        else:
            actions, before = ["delete", "create"], values
        after_unknown = dict(unknown)
        if "tags_all" in values:
            after_unknown.setdefault("tags_all", {})
        if actions in (["no-op"], ["update"]):
            # An object that exists: its ids and ARNs are known; references stay unknown
            # only on an update.
            after_unknown = {k: v for k, v in after_unknown.items()
                             if v is not True or (actions == ["update"] and k in ("bucket", "role"))}
        change = {"actions": actions, "before": before, "after": values,
                  "after_unknown": after_unknown,
                  "before_sensitive": False if before is None else sensitive,
                  "after_sensitive": sensitive}
        rc = {"address": address}
        if module:
            rc["module_address"] = module
        rc.update({"mode": "managed", "type": rtype, "name": name})
        if key is not None:
            rc["index"] = key
        rc.update({"provider_name": PROVIDER, "change": change})
        if actions == ["delete", "create"]:
            rc["action_reason"] = "replace_because_cannot_update"
        self.changes.append(rc)
        return address


def unknowns(*names, **nested):
    out = {n: True for n in names}
    out.update(nested)
    return out


# ---------------------------------------------------------------------------------------------
# Configuration of the modules (shared by every call of a module, as terraform prints it).

def config_resource(rtype, name, expressions, count=None, for_each=None, module_path=""):
    r = {"address": rtype + "." + name, "mode": "managed", "type": rtype, "name": name,
         "provider_config_key": "aws", "expressions": expressions, "schema_version": 0}
    if count is not None:
        r["count_expression"] = count
    if for_each is not None:
        r["for_each_expression"] = for_each
    return r


def data_module_config():
    bucket_ref = ("aws_s3_bucket.this[each.key].id", "aws_s3_bucket.this", "each.key")
    resources = [
        config_resource("aws_s3_bucket", "this", {
            "bucket": R("var.name", "each.key"),
            "force_destroy": C(False),
            "tags": R("each.value.classification"),
        }, for_each=R("var.buckets")),
        config_resource("aws_s3_bucket_versioning", "this", {
            "bucket": R(*bucket_ref),
            "versioning_configuration": [{"status": R("each.value.versioning")}],
        }, for_each=R("var.buckets")),
        config_resource("aws_s3_bucket_server_side_encryption_configuration", "this", {
            "bucket": R(*bucket_ref),
            "rule": [{"apply_server_side_encryption_by_default": [{
                "kms_master_key_id": R("var.kms_key_arn"),
                "sse_algorithm": R("each.value.sse_algorithm")}],
                "bucket_key_enabled": C(True)}],
        }, for_each=R("var.encrypted_buckets")),
        config_resource("aws_s3_bucket_public_access_block", "this", {
            "bucket": R(*bucket_ref),
            "block_public_acls": R("each.value.block_public"),
            "block_public_policy": R("each.value.block_public"),
            "ignore_public_acls": R("each.value.block_public"),
            "restrict_public_buckets": R("each.value.block_public"),
        }, for_each=R("var.buckets")),
        config_resource("aws_s3_bucket_logging", "this", {
            "bucket": R(*bucket_ref),
            "target_bucket": R("var.log_bucket"),
            "target_prefix": R("each.key"),
        }, for_each=R("var.logged_buckets")),
        config_resource("aws_s3_bucket_policy", "this", {
            "bucket": R(*bucket_ref),
            "policy": R("data.aws_iam_policy_document.bucket[each.key].json",
                        "data.aws_iam_policy_document.bucket", "each.key"),
        }, for_each=R("var.buckets")),
        config_resource("aws_db_instance", "main", {
            "identifier": R("var.name"),
            "engine": R("var.db_engine"),
            "instance_class": C("db.r6g.large"),
            "allocated_storage": C(100),
            "storage_encrypted": R("var.encrypt_databases"),
            "kms_key_id": R("var.kms_key_arn"),
            "publicly_accessible": R("var.db_public"),
            "backup_retention_period": R("var.backup_days"),
            "multi_az": R("var.multi_az"),
            "deletion_protection": R("var.multi_az"),
            "iam_database_authentication_enabled": R("var.iam_auth"),
            "manage_master_user_password": C(True),
            "vpc_security_group_ids": R("var.db_security_group_id"),
            "username": C("app_admin"),
        }),
        config_resource("aws_rds_cluster", "analytics", {
            "cluster_identifier": R("var.name"),
            "engine": C("aurora-postgresql"),
            "engine_version": C("16.4"),
            "storage_encrypted": R("var.encrypt_databases"),
            "kms_key_id": R("var.kms_key_arn"),
            "backup_retention_period": R("var.backup_days"),
            "deletion_protection": R("var.multi_az"),
            "iam_database_authentication_enabled": R("var.iam_auth"),
            "master_username": C("analytics"),
            "manage_master_user_password": C(True),
        }, count=R("var.analytics")),
        config_resource("aws_dynamodb_table", "sessions", {
            "name": R("var.name"),
            "billing_mode": C("PAY_PER_REQUEST"),
            "hash_key": C("session_id"),
            "attribute": [{"name": C("session_id"), "type": C("S")}],
            "point_in_time_recovery": [{"enabled": R("var.pitr")}],
            "server_side_encryption": [{"enabled": C(True), "kms_key_arn": R("var.kms_key_arn")}],
            "deletion_protection_enabled": R("var.multi_az"),
        }),
        config_resource("aws_ebs_volume", "cache", {
            "availability_zone": R("var.azs", "count.index"),
            "size": C(200),
            "type": C("gp3"),
            "encrypted": R("var.encrypt_volumes"),
            "kms_key_id": R("var.kms_key_arn"),
            "tags": R("var.name", "count.index"),
        }, count=R("var.cache_volumes")),
    ]
    variables = {v: {} for v in ("name", "buckets", "encrypted_buckets", "logged_buckets",
                                 "kms_key_arn", "log_bucket", "db_engine", "encrypt_databases",
                                 "db_public", "backup_days", "multi_az", "iam_auth",
                                 "db_security_group_id", "analytics", "pitr", "azs",
                                 "encrypt_volumes", "cache_volumes")}
    return {"outputs": {
        "bucket_arns": {"expression": R("aws_s3_bucket.this")},
        "db_endpoint": {"expression": R("aws_db_instance.main.endpoint", "aws_db_instance.main")},
    }, "resources": resources, "variables": variables}


def network_module_config():
    resources = [
        config_resource("aws_security_group", "web", {
            "name": R("var.name"),
            "description": C("Load balancer and web tier"),
            "vpc_id": R("var.vpc_id"),
            "egress": [{"cidr_blocks": C(["0.0.0.0/0"]), "from_port": C(0), "protocol": C("-1"),
                        "to_port": C(0)}],
        }),
        config_resource("aws_security_group", "db", {
            "name": R("var.name"),
            "description": C("Database"),
            "vpc_id": R("var.vpc_id"),
            "ingress": [{"from_port": R("var.db_port"), "to_port": R("var.db_port"),
                         "protocol": C("tcp"),
                         "security_groups": R("aws_security_group.web.id",
                                              "aws_security_group.web")}],
        }),
        config_resource("aws_security_group_rule", "web_https", {
            "type": C("ingress"),
            "from_port": C(443),
            "to_port": C(443),
            "protocol": C("tcp"),
            "cidr_blocks": C(["0.0.0.0/0"]),
            "security_group_id": R("aws_security_group.web.id", "aws_security_group.web"),
        }),
        config_resource("aws_vpc_security_group_ingress_rule", "admin", {
            "cidr_ipv4": R("var.admin_cidr"),
            "from_port": R("var.admin_port"),
            "to_port": R("var.admin_port"),
            "ip_protocol": C("tcp"),
            "description": C("Administration"),
            "security_group_id": R("aws_security_group.web.id", "aws_security_group.web"),
        }),
    ]
    return {"outputs": {
        "web_security_group_id": {"expression": R("aws_security_group.web.id",
                                                  "aws_security_group.web")},
        "db_security_group_id": {"expression": R("aws_security_group.db.id",
                                                 "aws_security_group.db")},
    }, "resources": resources,
        "variables": {v: {} for v in ("name", "vpc_id", "db_port", "admin_cidr", "admin_port")}}


def iam_module_config():
    resources = [
        config_resource("aws_iam_role", "task", {
            "name": R("var.name"),
            "assume_role_policy": R("data.aws_iam_policy_document.assume.json",
                                    "data.aws_iam_policy_document.assume"),
            "max_session_duration": C(3600),
        }),
        config_resource("aws_iam_policy", "access", {
            "name": R("var.name"),
            "description": C("Application data access"),
            "policy": R("var.access_policy"),
        }),
        config_resource("aws_iam_role_policy_attachment", "task_access", {
            "role": R("aws_iam_role.task.name", "aws_iam_role.task"),
            "policy_arn": R("aws_iam_policy.access.arn", "aws_iam_policy.access"),
        }),
        config_resource("aws_iam_role_policy", "inline", {
            "name": C("inline"),
            "role": R("aws_iam_role.task.id", "aws_iam_role.task"),
            "policy": R("var.inline_policy"),
        }),
    ]
    return {"outputs": {"role_arn": {"expression": R("aws_iam_role.task.arn", "aws_iam_role.task")}},
            "resources": resources,
            "variables": {v: {} for v in ("name", "access_policy", "inline_policy")}}


def worker_module_config():
    resources = [
        config_resource("aws_iam_role", "this", {
            "name": R("var.name"),
            "assume_role_policy": C(policy_doc([{"Effect": "Allow", "Action": "sts:AssumeRole",
                                                 "Principal": {"Service": "lambda.amazonaws.com"}}])),
        }),
        config_resource("aws_cloudwatch_log_group", "this", {
            "name": R("var.name"),
            "retention_in_days": R("var.log_retention"),
            "kms_key_id": R("var.kms_key_arn"),
        }),
        config_resource("aws_sqs_queue", "this", {
            "name": R("var.name"),
            "kms_master_key_id": R("var.kms_key_arn"),
            "sqs_managed_sse_enabled": R("var.sqs_sse"),
            "visibility_timeout_seconds": C(120),
            "message_retention_seconds": C(345600),
        }),
        config_resource("aws_lambda_function", "this", {
            "function_name": R("var.name"),
            "role": R("aws_iam_role.this.arn", "aws_iam_role.this"),
            "runtime": R("var.runtime"),
            "handler": C("main.handler"),
            "filename": C("build/worker.zip"),
            "memory_size": C(512),
            "timeout": C(60),
            "kms_key_arn": R("var.kms_key_arn"),
            "environment": [{"variables": R("aws_sqs_queue.this.url", "aws_sqs_queue.this",
                                            "var.environment")}],
            "tracing_config": [{"mode": R("var.tracing")}],
            "vpc_config": [{"subnet_ids": R("var.subnet_ids"),
                            "security_group_ids": R("var.security_group_id")}],
        }),
    ]
    return {"outputs": {"queue_arn": {"expression": R("aws_sqs_queue.this.arn", "aws_sqs_queue.this")}},
            "resources": resources,
            "variables": {v: {} for v in ("name", "log_retention", "kms_key_arn", "sqs_sse",
                                          "runtime", "environment", "tracing", "subnet_ids",
                                          "security_group_id")}}


def app_module_config():
    resources = [
        config_resource("aws_kms_key", "app", {
            "description": R("var.name"),
            "enable_key_rotation": R("var.rotate_keys"),
            "deletion_window_in_days": C(30),
        }),
        config_resource("aws_cloudwatch_log_group", "app", {
            "name": R("var.name"),
            "retention_in_days": R("var.log_retention"),
            "kms_key_id": R("aws_kms_key.app.arn", "aws_kms_key.app"),
        }),
        config_resource("aws_sns_topic", "alerts", {
            "name": R("var.name"),
            "kms_master_key_id": R("var.sns_key"),
        }),
        config_resource("aws_lb_listener", "http", {
            "load_balancer_arn": R("var.load_balancer_arn"),
            "port": C(80),
            "protocol": C("HTTP"),
            "default_action": [{"type": R("var.http_action"),
                                "target_group_arn": R("var.target_group_arn")}],
        }),
        config_resource("aws_lb_listener", "https", {
            "load_balancer_arn": R("var.load_balancer_arn"),
            "port": C(443),
            "protocol": C("HTTPS"),
            "ssl_policy": R("var.ssl_policy"),
            "certificate_arn": R("var.certificate_arn"),
            "default_action": [{"type": C("forward"), "target_group_arn": R("var.target_group_arn")}],
        }),
    ]
    kms = R("aws_kms_key.app.arn", "aws_kms_key.app")
    calls = {
        "network": {"source": "../network", "expressions": {
            "name": R("var.name"), "vpc_id": R("var.vpc_id"), "db_port": R("var.db_port"),
            "admin_cidr": R("var.admin_cidr"), "admin_port": R("var.admin_port")},
            "module": NETWORK},
        "data": {"source": "../data", "expressions": {
            "name": R("var.name"), "buckets": R("var.buckets"),
            "encrypted_buckets": R("var.buckets"), "logged_buckets": R("var.buckets"),
            "kms_key_arn": kms, "log_bucket": R("var.log_bucket"),
            "db_engine": R("var.db_engine"), "encrypt_databases": R("var.encrypt_databases"),
            "db_public": R("var.db_public"), "backup_days": R("var.backup_days"),
            "multi_az": R("var.multi_az"), "iam_auth": R("var.iam_auth"),
            "db_security_group_id": R("module.network.db_security_group_id", "module.network"),
            "analytics": R("var.analytics"), "pitr": R("var.pitr"), "azs": R("var.azs"),
            "encrypt_volumes": R("var.encrypt_volumes"), "cache_volumes": R("var.cache_volumes")},
            "module": DATA},
        "iam": {"source": "../iam", "expressions": {
            "name": R("var.name"), "access_policy": R("var.access_policy"),
            "inline_policy": R("var.inline_policy")}, "module": IAM},
        "workers": {"source": "../worker", "expressions": {
            "name": R("var.name", "each.key"), "log_retention": R("var.log_retention"),
            "kms_key_arn": kms, "sqs_sse": R("each.value.sse"), "runtime": R("each.value.runtime"),
            "environment": R("each.value.environment"), "tracing": R("each.value.tracing"),
            "subnet_ids": R("var.subnet_ids"),
            "security_group_id": R("module.network.web_security_group_id", "module.network")},
            "for_each_expression": R("var.workers"), "module": WORKER},
    }
    variables = {v: {} for v in (
        "name", "vpc_id", "db_port", "admin_cidr", "admin_port", "buckets", "log_bucket",
        "db_engine", "encrypt_databases", "db_public", "backup_days", "multi_az", "iam_auth",
        "analytics", "pitr", "azs", "encrypt_volumes", "cache_volumes", "access_policy",
        "inline_policy", "log_retention", "workers", "subnet_ids", "rotate_keys", "sns_key",
        "load_balancer_arn", "http_action", "target_group_arn", "ssl_policy", "certificate_arn")}
    return {"module_calls": calls, "resources": resources, "variables": variables,
            "outputs": {"kms_key_arn": {"expression": kms}}}


NETWORK = network_module_config()
DATA = data_module_config()
IAM = iam_module_config()
WORKER = worker_module_config()
APP = app_module_config()


# ---------------------------------------------------------------------------------------------
# Planned values of one application module instance.

def flaw(rng):
    return rng.random() < FLAW_RATE


def gen_app(plan, i, region, call_inputs):
    rng = plan.rng
    team = TEAMS[i % len(TEAMS)]
    env = ENVS[(i // len(TEAMS)) % len(ENVS)]
    name = "%s-%s-%d" % (team, env, i)
    mod = "module.app_%d" % i
    tags = {"Team": team, "Environment": env}
    azs = ["%sa" % region, "%sb" % region, "%sc" % region]
    lb_arn = "arn:aws:elasticloadbalancing:%s:%s:loadbalancer/app/%s/%s" % (
        region, ACCOUNT, name, hexid(rng, 16))
    tg_arn = "arn:aws:elasticloadbalancing:%s:%s:targetgroup/%s/%s" % (
        region, ACCOUNT, name, hexid(rng, 16))
    cert_arn = "arn:aws:acm:%s:%s:certificate/%s" % (region, ACCOUNT, hexid(rng, 32))
    inputs = {"name": name, "vpc_id": "vpc-" + hexid(rng, 17),
              "subnet_ids": ["subnet-" + hexid(rng, 17) for _ in range(3)],
              "load_balancer_arn": lb_arn, "target_group_arn": tg_arn,
              "certificate_arn": cert_arn, "log_bucket": "org-access-logs-" + region}

    # module.app_N itself
    rotate = not flaw(rng)
    inputs["rotate_keys"] = rotate
    plan.add(mod, "aws_kms_key", "app", {
        "bypass_policy_lockout_safety_check": False, "custom_key_store_id": None,
        "customer_master_key_spec": "SYMMETRIC_DEFAULT", "deletion_window_in_days": 30,
        "description": name, "enable_key_rotation": rotate, "is_enabled": True,
        "key_usage": "ENCRYPT_DECRYPT", "timeouts": None, "xks_key_id": None},
        unknowns("arn", "id", "key_id", "multi_region", "policy", "rotation_period_in_days"),
        tags=tags)
    retention = rng.choice((1, 3, 7)) if flaw(rng) else rng.choice((90, 365, 400, 731))
    inputs["log_retention"] = retention
    plan.add(mod, "aws_cloudwatch_log_group", "app", {
        "log_group_class": "STANDARD", "name": "/app/" + name, "name_prefix": None,
        "retention_in_days": retention, "skip_destroy": False},
        unknowns("arn", "id", "kms_key_id"), tags=tags)
    sns_key = None if flaw(rng) else "alias/aws/sns"
    inputs["sns_key"] = sns_key
    plan.add(mod, "aws_sns_topic", "alerts", {
        "application_failure_feedback_role_arn": None, "content_based_deduplication": False,
        "delivery_policy": None, "display_name": None, "fifo_topic": False,
        "kms_master_key_id": sns_key, "name": name + "-alerts", "tracing_config": None},
        unknowns("arn", "beginning_archive_time", "id", "owner", "policy", "signature_version"),
        tags=tags)
    http_forward = flaw(rng)
    inputs["http_action"] = "forward" if http_forward else "redirect"
    action = {"authenticate_cognito": [], "authenticate_oidc": [], "fixed_response": [],
              "forward": [], "order": None, "target_group_arn": tg_arn if http_forward else None,
              "type": "forward" if http_forward else "redirect",
              "redirect": [] if http_forward else [{
                  "host": "#{host}", "path": "/#{path}", "port": "443", "protocol": "HTTPS",
                  "query": "#{query}", "status_code": "HTTP_301"}]}
    plan.add(mod, "aws_lb_listener", "http", {
        "alpn_policy": None, "certificate_arn": None, "default_action": [action],
        "load_balancer_arn": lb_arn, "mutual_authentication": [], "port": 80,
        "protocol": "HTTP", "timeouts": None},
        unknowns("arn", "id", "ssl_policy", default_action=[{"id": True}]), tags=tags)
    ssl_policy = ("ELBSecurityPolicy-2016-08" if flaw(rng)
                  else "ELBSecurityPolicy-TLS13-1-2-2021-06")
    inputs["ssl_policy"] = ssl_policy
    plan.add(mod, "aws_lb_listener", "https", {
        "alpn_policy": None, "certificate_arn": cert_arn,
        "default_action": [{"authenticate_cognito": [], "authenticate_oidc": [],
                            "fixed_response": [], "forward": [], "order": None, "redirect": [],
                            "target_group_arn": tg_arn, "type": "forward"}],
        "load_balancer_arn": lb_arn, "mutual_authentication": [], "port": 443,
        "protocol": "HTTPS", "ssl_policy": ssl_policy, "timeouts": None},
        unknowns("arn", "id", default_action=[{"id": True}]), tags=tags)

    # module.app_N.module.network
    net = mod + ".module.network"
    engine, engine_version, db_port, log_export = rng.choice(ENGINES)
    inputs["db_port"] = db_port
    egress = [{"cidr_blocks": ["0.0.0.0/0"], "description": "", "from_port": 0,
               "ipv6_cidr_blocks": [], "prefix_list_ids": [], "protocol": "-1",
               "security_groups": [], "self": False, "to_port": 0}]
    sg_unknown = unknowns("arn", "id", "owner_id", "name_prefix",
                          egress=[{"cidr_blocks": [False], "ipv6_cidr_blocks": [],
                                   "prefix_list_ids": [], "security_groups": []}])
    plan.add(net, "aws_security_group", "web", {
        "description": "Load balancer and web tier", "egress": egress, "ingress": [],
        "name": name + "-web", "revoke_rules_on_delete": False, "timeouts": None,
        "vpc_id": inputs["vpc_id"]}, dict(sg_unknown, ingress=True), tags=tags)
    db_open = flaw(rng)
    plan.add(net, "aws_security_group", "db", {
        "description": "Database", "egress": [],
        "ingress": [{"cidr_blocks": ["0.0.0.0/0"] if db_open else [], "description": "",
                     "from_port": db_port, "ipv6_cidr_blocks": [], "prefix_list_ids": [],
                     "protocol": "tcp", "security_groups": [], "self": False,
                     "to_port": db_port}],
        "name": name + "-db", "revoke_rules_on_delete": False, "timeouts": None,
        "vpc_id": inputs["vpc_id"]},
        unknowns("arn", "id", "owner_id", "name_prefix", "egress",
                 ingress=[{"cidr_blocks": [False] if db_open else [], "ipv6_cidr_blocks": [],
                           "prefix_list_ids": [], "security_groups": True}]), tags=tags)
    plan.add(net, "aws_security_group_rule", "web_https", {
        "cidr_blocks": ["0.0.0.0/0"], "description": None, "from_port": 443,
        "ipv6_cidr_blocks": None, "prefix_list_ids": None, "protocol": "tcp", "self": False,
        "timeouts": None, "to_port": 443, "type": "ingress"},
        unknowns("id", "security_group_id", "security_group_rule_id",
                 "source_security_group_id", cidr_blocks=[False]))
    admin_open = flaw(rng)
    admin_port = rng.choice((22, 3389)) if admin_open else 22
    admin_cidr = "0.0.0.0/0" if admin_open else "10.%d.0.0/16" % rng.randrange(256)
    inputs.update(admin_cidr=admin_cidr, admin_port=admin_port)
    plan.add(net, "aws_vpc_security_group_ingress_rule", "admin", {
        "cidr_ipv4": admin_cidr, "cidr_ipv6": None, "description": "Administration",
        "from_port": admin_port, "ip_protocol": "tcp", "prefix_list_id": None,
        "referenced_security_group_id": None, "tags": None, "to_port": admin_port},
        unknowns("arn", "id", "security_group_id", "security_group_rule_id", "tags_all"))

    # module.app_N.module.data
    data = mod + ".module.data"
    bucket_keys = rng.sample(BUCKET_KEYS, rng.randint(2, 5))
    bucket_settings = {}
    for key in sorted(bucket_keys):
        bucket = "%s-%s" % (name, key)
        public = key in ("assets", "media") and flaw(rng)
        settings = {"classification": "public" if public else rng.choice(("internal", "confidential")),
                    "versioning": "Suspended" if flaw(rng) else "Enabled",
                    "sse_algorithm": "aws:kms" if rng.random() < 0.7 else "AES256",
                    "block_public": not public}
        encrypted = not flaw(rng)
        logged = not flaw(rng)
        bucket_settings[key] = settings
        plan.add(data, "aws_s3_bucket", "this", {
            "bucket": bucket, "bucket_prefix": None, "force_destroy": False,
            "object_lock_enabled": None, "timeouts": None},
            unknowns("acceleration_status", "acl", "arn", "bucket_domain_name",
                     "bucket_regional_domain_name", "cors_rule", "grant", "hosted_zone_id",
                     "id", "lifecycle_rule", "logging", "object_lock_configuration", "policy",
                     "region", "replication_configuration", "request_payer",
                     "server_side_encryption_configuration", "versioning", "website",
                     "website_domain", "website_endpoint"),
            key=key, tags={"DataClassification": settings["classification"]})
        plan.add(data, "aws_s3_bucket_versioning", "this", {
            "expected_bucket_owner": None, "mfa": None,
            "versioning_configuration": [{"status": settings["versioning"]}]},
            unknowns("bucket", "id", versioning_configuration=[{"mfa_delete": True}]), key=key)
        if encrypted:
            kms = settings["sse_algorithm"] == "aws:kms"
            plan.add(data, "aws_s3_bucket_server_side_encryption_configuration", "this", {
                "expected_bucket_owner": None,
                "rule": [{"apply_server_side_encryption_by_default": [
                    {"sse_algorithm": settings["sse_algorithm"]} if kms else
                    {"kms_master_key_id": None, "sse_algorithm": "AES256"}],
                    "bucket_key_enabled": True}]},
                unknowns("bucket", "id", rule=[{"apply_server_side_encryption_by_default": [
                    {"kms_master_key_id": True} if kms else {}]}]), key=key)
        plan.add(data, "aws_s3_bucket_public_access_block", "this", {
            "block_public_acls": not public, "block_public_policy": not public,
            "ignore_public_acls": not public, "restrict_public_buckets": not public,
            "skip_destroy": None}, unknowns("bucket", "id"), key=key)
        if logged:
            plan.add(data, "aws_s3_bucket_logging", "this", {
                "expected_bucket_owner": None, "target_bucket": inputs["log_bucket"],
                "target_grant": [], "target_object_key_format": [],
                "target_prefix": bucket + "/"}, unknowns("bucket", "id"), key=key)
        arn = "arn:aws:s3:::" + bucket
        if public:
            statements = [{"Sid": "PublicRead", "Effect": "Allow", "Principal": "*",
                           "Action": "s3:GetObject", "Resource": arn + "/*"}]
        else:
            statements = [{"Sid": "DenyInsecureTransport", "Effect": "Deny", "Principal": "*",
                           "Action": "s3:*", "Resource": [arn, arn + "/*"],
                           "Condition": {"Bool": {"aws:SecureTransport": "false"}}}]
            if flaw(rng):
                statements.append({"Sid": "Partners", "Effect": "Allow",
                                   "Principal": {"AWS": "*"}, "Action": "s3:*",
                                   "Resource": arn + "/*"})
        plan.add(data, "aws_s3_bucket_policy", "this", {"policy": policy_doc(statements)},
                 unknowns("bucket", "id"), key=key)
    inputs["buckets"] = bucket_settings

    encrypt_db = not flaw(rng)
    db_public = flaw(rng) and rng.random() < 0.5
    backup_days = rng.choice((0, 1)) if flaw(rng) else rng.choice((7, 14, 35))
    multi_az = env == "prod" or rng.random() < 0.3
    iam_auth = not flaw(rng)
    inputs.update(db_engine=engine, encrypt_databases=encrypt_db, db_public=db_public,
                  backup_days=backup_days, multi_az=multi_az, iam_auth=iam_auth)
    plan.add(data, "aws_db_instance", "main", {
        "allocated_storage": 100, "allow_major_version_upgrade": None,
        "apply_immediately": False, "auto_minor_version_upgrade": True,
        "backup_retention_period": backup_days, "copy_tags_to_snapshot": True,
        "db_name": team, "deletion_protection": multi_az,
        "enabled_cloudwatch_logs_exports": [log_export] if rng.random() < 0.6 else [],
        "engine": engine, "engine_version": engine_version,
        "final_snapshot_identifier": name + "-final",
        "iam_database_authentication_enabled": iam_auth, "identifier": name,
        "instance_class": "db.r6g.large", "manage_master_user_password": True,
        "max_allocated_storage": 500, "monitoring_interval": 0, "multi_az": multi_az,
        "password": None, "publicly_accessible": db_public, "skip_final_snapshot": False,
        "storage_encrypted": encrypt_db, "storage_type": "gp3", "timeouts": None,
        "username": "app_admin"},
        unknowns("address", "arn", "ca_cert_identifier", "endpoint", "hosted_zone_id", "id",
                 "kms_key_id", "latest_restorable_time", "master_user_secret", "port",
                 "resource_id", "status", "vpc_security_group_ids"),
        tags={"DataClassification": "confidential"})
    analytics = rng.random() < 0.35
    inputs["analytics"] = 1 if analytics else 0
    if analytics:
        plan.add(data, "aws_rds_cluster", "analytics", {
            "backup_retention_period": backup_days or 1, "cluster_identifier": name + "-analytics",
            "copy_tags_to_snapshot": False, "database_name": None,
            "deletion_protection": multi_az, "engine": "aurora-postgresql",
            "engine_mode": "provisioned", "engine_version": "16.4",
            "iam_database_authentication_enabled": iam_auth,
            "manage_master_user_password": True, "master_username": "analytics",
            "skip_final_snapshot": not multi_az, "storage_encrypted": encrypt_db,
            "timeouts": None},
            unknowns("arn", "availability_zones", "cluster_members", "cluster_resource_id",
                     "endpoint", "hosted_zone_id", "id", "kms_key_id", "master_user_secret",
                     "port", "reader_endpoint", "vpc_security_group_ids"),
            key=0, tags={"DataClassification": "confidential"})
    pitr = not flaw(rng)
    inputs["pitr"] = pitr
    plan.add(data, "aws_dynamodb_table", "sessions", {
        "attribute": [{"name": "session_id", "type": "S"}], "billing_mode": "PAY_PER_REQUEST",
        "deletion_protection_enabled": multi_az, "global_secondary_index": [],
        "hash_key": "session_id", "import_table": [], "local_secondary_index": [],
        "name": name + "-sessions", "point_in_time_recovery": [{"enabled": pitr}],
        "range_key": None, "restore_date_time": None, "restore_source_name": None,
        "restore_to_latest_time": None,
        "server_side_encryption": [{"enabled": True}], "table_class": "STANDARD",
        "timeouts": None, "ttl": [{"attribute_name": "expires_at", "enabled": True}]},
        unknowns("arn", "id", "read_capacity", "replica", "stream_arn", "stream_label",
                 "stream_view_type", "write_capacity",
                 attribute=[{}], server_side_encryption=[{"kms_key_arn": True}]),
        tags={"DataClassification": "internal"})
    volumes = rng.randint(0, 4)
    encrypt_volumes = not flaw(rng)
    inputs.update(azs=azs, cache_volumes=volumes, encrypt_volumes=encrypt_volumes)
    for v in range(volumes):
        plan.add(data, "aws_ebs_volume", "cache", {
            "availability_zone": azs[v % 3], "encrypted": encrypt_volumes,
            "final_snapshot": False, "multi_attach_enabled": None, "outpost_arn": None,
            "size": 200, "timeouts": None, "type": "gp3"},
            unknowns("arn", "id", "iops", "kms_key_id", "snapshot_id", "throughput"),
            key=v, tags={"Name": "%s-cache-%d" % (name, v)})

    # module.app_N.module.iam
    iam = mod + ".module.iam"
    assume = policy_doc([{"Effect": "Allow", "Action": "sts:AssumeRole",
                          "Principal": {"Service": "ecs-tasks.amazonaws.com"}}])
    plan.add(iam, "aws_iam_role", "task", {
        "assume_role_policy": assume, "description": None, "force_detach_policies": False,
        "max_session_duration": 3600, "name": name + "-task", "path": "/",
        "permissions_boundary": None},
        unknowns("arn", "create_date", "id", "inline_policy", "managed_policy_arns",
                 "name_prefix", "unique_id"), tags=tags)
    if flaw(rng):
        access = [{"Effect": "Allow", "Action": rng.choice(("*", "s3:*", "dynamodb:*")),
                   "Resource": "*"}]
    else:
        access = [{"Effect": "Allow", "Action": ["s3:GetObject", "s3:PutObject"],
                   "Resource": ["arn:aws:s3:::%s-%s/*" % (name, k) for k in sorted(bucket_keys)]},
                  {"Effect": "Allow", "Action": ["dynamodb:GetItem", "dynamodb:PutItem",
                                                 "dynamodb:Query"],
                   "Resource": "arn:aws:dynamodb:%s:%s:table/%s-sessions" % (region, ACCOUNT, name)}]
    inputs["access_policy"] = policy_doc(access)
    plan.add(iam, "aws_iam_policy", "access", {
        "description": "Application data access", "name": name + "-access",
        "name_prefix": None, "path": "/", "policy": inputs["access_policy"]},
        unknowns("arn", "attachment_count", "id", "policy_id"), tags=tags)
    plan.add(iam, "aws_iam_role_policy_attachment", "task_access", {"role": name + "-task"},
             unknowns("id", "policy_arn"))
    if flaw(rng):
        inline = [{"Sid": "Debug", "Effect": "Allow", "Action": "iam:PassRole", "Resource": "*"}]
    else:
        inline = [{"Effect": "Allow", "Action": ["logs:CreateLogStream", "logs:PutLogEvents"],
                   "Resource": "arn:aws:logs:%s:%s:log-group:/app/%s:*" % (region, ACCOUNT, name)}]
    inputs["inline_policy"] = policy_doc(inline)
    plan.add(iam, "aws_iam_role_policy", "inline", {
        "name": "inline", "name_prefix": None, "policy": inputs["inline_policy"]},
        unknowns("id", "role"))

    # module.app_N.module.workers["k"]
    worker_settings = {}
    for key in sorted(rng.sample(WORKER_KEYS, rng.randint(1, 3))):
        w = '%s.module.workers["%s"]' % (mod, key)
        wname = "%s-%s" % (name, key)
        sse = not flaw(rng)
        runtime = rng.choice(("python3.8", "nodejs16.x")) if flaw(rng) else rng.choice(
            ("python3.12", "nodejs20.x", "java21"))
        tracing = "PassThrough" if flaw(rng) else "Active"
        env_vars = {"QUEUE_NAME": wname, "LOG_LEVEL": "info"}
        if flaw(rng):
            env_vars["DB_PASSWORD"] = "Summer2024!" + hexid(rng, 4)
        worker_settings[key] = {"sse": sse, "runtime": runtime, "tracing": tracing,
                                "environment": env_vars}
        plan.add(w, "aws_iam_role", "this", {
            "assume_role_policy": WORKER["resources"][0]["expressions"]["assume_role_policy"][
                "constant_value"],
            "description": None, "force_detach_policies": False, "max_session_duration": 3600,
            "name": wname, "path": "/", "permissions_boundary": None},
            unknowns("arn", "create_date", "id", "inline_policy", "managed_policy_arns",
                     "name_prefix", "unique_id"), tags=tags)
        plan.add(w, "aws_cloudwatch_log_group", "this", {
            "log_group_class": "STANDARD", "name": "/aws/lambda/" + wname, "name_prefix": None,
            "retention_in_days": retention, "skip_destroy": False},
            unknowns("arn", "id", "kms_key_id"), tags=tags)
        plan.add(w, "aws_sqs_queue", "this", {
            "content_based_deduplication": False, "delay_seconds": 0, "fifo_queue": False,
            "max_message_size": 262144, "message_retention_seconds": 345600,
            "name": wname, "receive_wait_time_seconds": 20, "sqs_managed_sse_enabled": sse,
            "timeouts": None, "visibility_timeout_seconds": 120},
            unknowns("arn", "deduplication_scope", "fifo_throughput_limit", "id",
                     "kms_data_key_reuse_period_seconds", "kms_master_key_id", "name_prefix",
                     "policy", "redrive_allow_policy", "redrive_policy", "url"), tags=tags)
        plan.add(w, "aws_lambda_function", "this", {
            "architectures": ["arm64"], "code_signing_config_arn": None,
            "dead_letter_config": [], "description": None, "file_system_config": [],
            "filename": "build/worker.zip", "function_name": wname, "handler": "main.handler",
            "image_uri": None, "layers": None, "memory_size": 512, "package_type": "Zip",
            "publish": False, "replace_security_groups_on_destroy": None,
            "reserved_concurrent_executions": -1, "runtime": runtime, "s3_bucket": None,
            "skip_destroy": False, "timeout": 60, "timeouts": None,
            "tracing_config": [{"mode": tracing}],
            "vpc_config": [{"ipv6_allowed_for_dual_stack": False,
                            "subnet_ids": inputs["subnet_ids"]}]},
            unknowns("arn", "environment", "id", "invoke_arn", "kms_key_arn", "last_modified",
                     "qualified_arn", "qualified_invoke_arn", "role", "signing_job_arn",
                     "signing_profile_version_arn", "source_code_hash", "source_code_size",
                     "version", vpc_config=[{"security_group_ids": True, "vpc_id": True,
                                             "subnet_ids": [False, False, False]}]),
            tags=tags)
    inputs["workers"] = worker_settings
    call_inputs[i] = inputs


def gen_root(plan):
    trail_bucket = "org-cloudtrail-" + ACCOUNT
    plan.add("", "aws_kms_key", "audit", {
        "bypass_policy_lockout_safety_check": False, "customer_master_key_spec": "SYMMETRIC_DEFAULT",
        "deletion_window_in_days": 30, "description": "Organisation trail",
        "enable_key_rotation": True, "is_enabled": True, "key_usage": "ENCRYPT_DECRYPT"},
        unknowns("arn", "id", "key_id", "policy"), tags={})
    plan.add("", "aws_s3_bucket", "trail", {
        "bucket": trail_bucket, "bucket_prefix": None, "force_destroy": False},
        unknowns("arn", "id", "region", "versioning", "server_side_encryption_configuration"),
        tags={"DataClassification": "confidential"})
    plan.add("", "aws_cloudtrail", "org", {
        "enable_log_file_validation": True, "enable_logging": True,
        "include_global_service_events": True, "is_multi_region_trail": True,
        "is_organization_trail": True, "name": "org-trail", "s3_key_prefix": None},
        unknowns("arn", "home_region", "id", "kms_key_id", "s3_bucket_name"), tags={})
    root_resources = [
        config_resource("aws_kms_key", "audit", {"description": C("Organisation trail"),
                                                 "enable_key_rotation": C(True)}),
        config_resource("aws_s3_bucket", "trail", {"bucket": C(trail_bucket)}),
        config_resource("aws_cloudtrail", "org", {
            "name": C("org-trail"), "enable_log_file_validation": C(True),
            "is_multi_region_trail": C(True), "is_organization_trail": C(True),
            "s3_bucket_name": R("aws_s3_bucket.trail.id", "aws_s3_bucket.trail"),
            "kms_key_id": R("aws_kms_key.audit.arn", "aws_kms_key.audit")}),
    ]
    return root_resources


def build(resources, seed):
    rng = random.Random(seed)
    plan = Plan(rng, resources)
    root_resources = gen_root(plan)
    call_inputs = {}
    i = 0
    while not plan.full():
        gen_app(plan, i, REGIONS[i % len(REGIONS)], call_inputs)
        i += 1
    module_calls = {}
    for n in range(i):
        module_calls["app_%d" % n] = {
            "source": "./modules/app",
            "expressions": {k: C(v) for k, v in sorted(call_inputs[n].items())},
            "module": APP,
        }
    variables = {"region": {"value": "eu-west-1"}}
    doc = {
        "format_version": "1.2",
        "terraform_version": "1.9.8",
        "variables": variables,
        "planned_values": {"root_module": plan.root},
        "resource_changes": plan.changes,
        "configuration": {
            "provider_config": {"aws": {
                "name": "aws", "full_name": PROVIDER, "version_constraint": "~> 5.70",
                "expressions": {"region": R("var.region"),
                                "default_tags": [{"tags": C(DEFAULT_TAGS)}]}}},
            "root_module": {"resources": root_resources, "module_calls": module_calls,
                            "variables": {"region": {"default": "eu-west-1"}}},
        },
        "timestamp": "2026-11-29T08:00:00Z",
        "applyable": True,
        "complete": True,
        "errored": False,
    }
    return doc, plan.count, i


def main():
    parser = argparse.ArgumentParser(description="Generate one large Terraform plan JSON for benchmarks.")
    parser.add_argument("--out", required=True, help="output file")
    parser.add_argument("--resources", type=int, default=20000,
                        help="managed resource instances in the plan (default 20000)")
    parser.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
    args = parser.parse_args()
    if args.resources < 3:
        parser.error("--resources must be at least 3")
    start = time.monotonic()
    doc, count, apps = build(args.resources, args.seed)
    directory = os.path.dirname(os.path.abspath(args.out))
    os.makedirs(directory, exist_ok=True)
    with open(args.out, "w", encoding="utf-8") as f:
        json.dump(doc, f, separators=(",", ":"))
        f.write("\n")
    size = os.path.getsize(args.out)
    print("%s: %d resources in %d application modules, %.1f MB, %.1f s" % (
        args.out, count, apps, size / 1e6, time.monotonic() - start), file=sys.stderr)


if __name__ == "__main__":
    main()
