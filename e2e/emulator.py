"""Runs moto's AWS emulator server with four fidelity fixes the foundation's read-back needs.

Usage: python e2e/emulator.py -H 127.0.0.1 -p PORT   (the account is MOTO_ACCOUNT_ID)

Each fix makes the emulator return what AWS itself returns for a call the AWS provider makes;
without them a refresh reports drift that AWS would not, and the "second plan shows no changes"
check could never pass. They touch no request validation and add no behaviour AWS lacks.
"""

from __future__ import annotations

import json
import os
import sys
import threading
import time
from typing import Any

import xmltodict
from moto import server
from moto.ec2.models.security_groups import SecurityGroupRule
from moto.kms.models import kms_backends
from moto.kms.responses import KmsResponse
from moto.s3.responses import S3Response


def _security_group_rule_description(rule: SecurityGroupRule) -> str | None:
    # AWS reports the description of rules that reference another security group or a prefix list
    # as well as of CIDR rules; moto only looked at the CIDR part.
    return (
        rule.ip_range.get("Description") or rule.source_group.get("Description") or getattr(rule, "prefix_list_description", None)
    )


_rule_init = SecurityGroupRule.__init__


def _rule_init_keeping_prefix_list_description(self: SecurityGroupRule, *args: Any, **kwargs: Any) -> None:
    # moto keeps only the id of a prefix-list rule's PrefixListId entry and drops its Description.
    _rule_init(self, *args, **kwargs)
    prefix_list = kwargs.get("prefix_list_id", args[7] if len(args) > 7 else None)
    self.prefix_list_description = (prefix_list or {}).get("Description")  # type: ignore[attr-defined]


_create_bucket = S3Response._bucket_response_put


def _bucket_response_put(self: S3Response, request: Any, bucket_name: str, querystring: dict[str, Any]) -> Any:
    # CreateBucket may carry the bucket's tags in CreateBucketConfiguration (the AWS provider
    # tags on create); moto dropped them.
    response = _create_bucket(self, request, bucket_name, querystring)
    if not querystring and self.body:
        config = xmltodict.parse(self.body).get("CreateBucketConfiguration") or {}
        tags = (config.get("Tags") or {}).get("Tag")
        if tags:
            tags = tags if isinstance(tags, list) else [tags]
            self.backend.put_bucket_tagging(bucket_name, {tag["Key"]: tag.get("Value") or "" for tag in tags})
    return response


def _key(response: KmsResponse) -> Any:
    backend = kms_backends[response.current_account][response.region]
    return backend.keys[backend.get_key_id(response._get_param("KeyId"))]


_enable_key_rotation = KmsResponse.enable_key_rotation
_get_key_rotation_status = KmsResponse.get_key_rotation_status


def _enable_rotation(self: KmsResponse) -> str:
    # EnableKeyRotation takes RotationPeriodInDays (90-2560, default 365); moto ignored it.
    result = _enable_key_rotation(self)
    _key(self).rotation_period_in_days = int(self._get_param("RotationPeriodInDays") or 365)
    return result


def _rotation_status(self: KmsResponse) -> str:
    status = json.loads(_get_key_rotation_status(self))
    period = getattr(_key(self), "rotation_period_in_days", None)
    if status.get("KeyRotationEnabled") and period:
        status["RotationPeriodInDays"] = period
    return json.dumps(status)


def apply_fidelity_fixes() -> None:
    SecurityGroupRule.__init__ = _rule_init_keeping_prefix_list_description  # type: ignore[method-assign]
    SecurityGroupRule.description = property(_security_group_rule_description)  # type: ignore[assignment,method-assign]
    S3Response._bucket_response_put = _bucket_response_put  # type: ignore[method-assign]
    KmsResponse.enable_key_rotation = _enable_rotation  # type: ignore[method-assign]
    KmsResponse.get_key_rotation_status = _rotation_status  # type: ignore[method-assign]


def exit_with_parent() -> None:
    """Stops the server when the process that started it is gone, however it ended (even SIGKILL)."""
    parent = os.getppid()

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(1)
        os._exit(0)

    threading.Thread(target=watch, daemon=True).start()


if __name__ == "__main__":
    exit_with_parent()
    apply_fidelity_fixes()
    server.main(sys.argv[1:])
