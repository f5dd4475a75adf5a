#!/bin/sh
# Creates the demo's DynamoDB table and S3 bucket in the moto container, then both connectors from
# config/*.json with the container addresses instead of localhost. Run from the repository root
# after `docker compose -f docker/compose.yaml up -d --build`.
set -eu
MOTO=${MOTO:-http://localhost:5000}
CONNECT=${CONNECT:-http://localhost:8083}
AUTH='Authorization: AWS4-HMAC-SHA256 Credential=test/20240101/us-east-1/dynamodb/aws4_request, SignedHeaders=host, Signature=0'

curl -fsS -X PUT "$MOTO/ddbsync-staging" >/dev/null
curl -fsS "$MOTO/" -H "$AUTH" -H 'Content-Type: application/x-amz-json-1.0' \
  -H 'X-Amz-Target: DynamoDB_20120810.CreateTable' -d '{
    "TableName": "Orders",
    "AttributeDefinitions": [{"AttributeName": "OrderId", "AttributeType": "S"}],
    "KeySchema": [{"AttributeName": "OrderId", "KeyType": "HASH"}],
    "BillingMode": "PAY_PER_REQUEST",
    "StreamSpecification": {"StreamEnabled": true, "StreamViewType": "NEW_AND_OLD_IMAGES"}
  }' >/dev/null || echo "(table Orders exists already)"
curl -fsS "$MOTO/" -H "$AUTH" -H 'Content-Type: application/x-amz-json-1.0' \
  -H 'X-Amz-Target: DynamoDB_20120810.PutItem' -d '{
    "TableName": "Orders",
    "Item": {"OrderId": {"S": "ORD-20240615-0001"}, "CustomerId": {"S": "CUST-2994"},
             "OrderDate": {"S": "2024-06-15T09:12:11Z"},
             "Items": {"L": [{"M": {"Sku": {"S": "A77"}, "Q": {"N": "3"}}},
                             {"M": {"Sku": {"S": "F23"}, "Q": {"N": "7"}}}]},
             "Total": {"N": "424.50"}}
  }' >/dev/null

for file in config/dynamodb-source.json config/redshift-sink.json; do
  sed -e 's#http://localhost:5000#http://moto:5000#' \
      -e 's#localhost:9092#kafka:9092#' \
      -e 's#jdbc:postgresql://localhost:5432#jdbc:postgresql://postgres:5432#' "$file" |
    curl -fsS -X POST "$CONNECT/connectors" -H 'Content-Type: application/json' -d @- >/dev/null
  echo "created the connector in $file"
done
echo "Rows appear in: docker compose -f docker/compose.yaml exec postgres psql -U postgres warehouse -c 'select * from orders'"
