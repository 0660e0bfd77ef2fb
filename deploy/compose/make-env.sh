#!/bin/sh
# Prints a deploy/.env with fresh random secrets for compose.yaml: sh compose/make-env.sh > .env
# Hex only: the database passwords go into URLs unescaped.
set -eu
secret() { od -An -N32 -tx1 /dev/urandom | tr -d ' \n'; }
for name in POSTGRES_PASSWORD REGISTRATION_DB_PASSWORD COLLABORATION_DB_PASSWORD INVITATIONS_DB_PASSWORD \
            NOTIFICATIONS_DB_PASSWORD CONTRIBUTIONS_DB_PASSWORD IDENTITY_SECRET SESSION_SECRET PAGE_TOKEN_SECRET \
            REGISTRATION_NATS_PASSWORD COLLABORATION_NATS_PASSWORD INVITATIONS_NATS_PASSWORD \
            NOTIFICATIONS_NATS_PASSWORD CONTRIBUTIONS_NATS_PASSWORD GATEWAY_NATS_PASSWORD OPERATOR_NATS_PASSWORD; do
  echo "$name=$(secret)"
done
