"""What `sam package` and the SAM translator make of a Baton artifact, for TopologyVersionTest.

Usage: python sam-translate.py TEMPLATE ARTIFACT_DIR
Zips ARTIFACT_DIR with the SAM CLI's own packaging code and names it by its MD5, exactly as
`sam package` / `sam deploy` name the S3 object they upload, points every function's CodeUri at
it, transforms the template with the SAM translator (the code CloudFormation runs for
Transform: AWS::Serverless-2016-10-31) and prints the resulting CloudFormation template as JSON.
No AWS call is made: the managed-policy loader answers from an empty map (the template names no
managed policy). Needs AWS_DEFAULT_REGION (the pseudo parameter AWS::Region)."""
import json
import sys

from samcli.lib.package.utils import make_zip_with_lambda_permissions, zip_folder
from samtranslator.translator.transform import transform
from samtranslator.yaml_helper import yaml_parse


class NoManagedPolicies:
    def load(self):
        return {}


def main():
    template_path, artifact = sys.argv[1], sys.argv[2]
    with open(template_path, encoding="utf-8") as f:
        template = yaml_parse(f.read())
    with zip_folder(artifact, zip_method=make_zip_with_lambda_permissions) as (_zip, md5):
        location = "s3://baton-artifacts/" + md5
    for resource in template.get("Resources", {}).values():
        if resource.get("Type") == "AWS::Serverless::Function":
            resource["Properties"]["CodeUri"] = location
    print(json.dumps(transform(template, {}, NoManagedPolicies())))


if __name__ == "__main__":
    main()
