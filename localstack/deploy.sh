#!/usr/bin/env bash
# Deploys the CDK stack (infra-cdk/) to a running LocalStack and prints the HTTP API's URL.
#
#   docker compose up -d && ./deploy.sh
#
# Environment:
#   AWS_ENDPOINT_URL  LocalStack endpoint (default http://localhost:4566)
#   AWS_REGION        region (default us-east-1)
#   SKIP_BUILD=1      reuse the jars already built (the LocalStack test suite sets it)
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(dirname "$here")"

export AWS_ENDPOINT_URL="${AWS_ENDPOINT_URL:-http://localhost:4566}"
export AWS_REGION="${AWS_REGION:-${AWS_DEFAULT_REGION:-us-east-1}}"
export AWS_DEFAULT_REGION="$AWS_REGION"
# LocalStack accepts any credentials; these are its documented dummies, never real keys.
export AWS_ACCESS_KEY_ID="${AWS_ACCESS_KEY_ID:-test}"
export AWS_SECRET_ACCESS_KEY="${AWS_SECRET_ACCESS_KEY:-test}"
export CDK_DEFAULT_ACCOUNT="${CDK_DEFAULT_ACCOUNT:-000000000000}"
export CDK_DEFAULT_REGION="$AWS_REGION"
export CDK_DISABLE_CLI_TELEMETRY=true

if [[ -z "${JAVA_HOME:-}" && -x /usr/lib/jvm/temurin-25-jdk-amd64/bin/java ]]; then
  export JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64
fi
if [[ -n "${JAVA_HOME:-}" ]]; then
  export PATH="$JAVA_HOME/bin:$PATH"
fi

if [[ "${SKIP_BUILD:-0}" != "1" ]]; then
  echo "==> building the function jars" >&2
  # install rather than package: the CDK app (infra-cdk/cdk-app.sh) builds infra-cdk alone and
  # resolves its sibling modules from the local Maven repository.
  (cd "$root" && ./mvnw -B -q install -DskipTests)
fi

echo "==> installing the pinned CDK CLI and cdklocal" >&2
(cd "$here" && npm ci --no-audit --no-fund --loglevel=error)
cdklocal="$here/node_modules/.bin/cdklocal"

outputs="$root/infra-cdk/cdk.out/localstack-outputs.json"
cd "$root/infra-cdk"
echo "==> bootstrapping $AWS_ENDPOINT_URL" >&2
"$cdklocal" bootstrap --no-notices -c localstack=true "aws://$CDK_DEFAULT_ACCOUNT/$AWS_REGION" >&2
echo "==> deploying" >&2
"$cdklocal" deploy --no-notices --require-approval never -c localstack=true \
  --outputs-file "$outputs" >&2

api_url="$(node -e 'const o = require(process.argv[1]); process.stdout.write(o.PrivacyFirst.ApiUrl)' "$outputs")"
echo "ApiUrl=$api_url"
