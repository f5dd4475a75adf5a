#!/bin/sh
# Starts a Kafka Connect worker from config/connect-distributed.properties with the container's
# addresses. Later keys win in a Java properties file, so the appended lines override the file.
set -eu
properties=/tmp/connect-worker.properties
cp /opt/ddbsync/connect-distributed.properties "$properties"
cat >> "$properties" <<PROPERTIES

# Appended by docker/connect-entrypoint.sh
bootstrap.servers=${BOOTSTRAP_SERVERS:-kafka:9092}
listeners=http://0.0.0.0:8083
rest.advertised.host.name=${ADVERTISED_HOST_NAME:-connect}
plugin.path=/opt/connect-plugins
PROPERTIES
if [ -n "${CONVERTER:-}" ]; then
  cat >> "$properties" <<PROPERTIES
key.converter=${CONVERTER}
value.converter=${CONVERTER}
key.converter.apicurio.registry.url=${REGISTRY_URL:-http://apicurio:8080/apis/registry/v2}
value.converter.apicurio.registry.url=${REGISTRY_URL:-http://apicurio:8080/apis/registry/v2}
key.converter.apicurio.registry.auto-register=true
value.converter.apicurio.registry.auto-register=true
PROPERTIES
fi
exec /opt/kafka/bin/connect-distributed.sh "$properties"
