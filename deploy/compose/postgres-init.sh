#!/bin/sh
# First start of the compose PostgreSQL only: per service a login role that owns its schema and may use no
# other (what deploy/k8s/base/postgres.yaml does on Kubernetes). Passwords come from <SERVICE>_DB_PASSWORD.
set -eu
for service in registration collaboration invitations notifications contributions; do
  password=$(printenv "$(echo "$service" | tr '[:lower:]' '[:upper:]')_DB_PASSWORD")
  psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname "$POSTGRES_DB" \
       -v role="$service" -v password="$password" <<'SQL'
CREATE ROLE :"role" LOGIN PASSWORD :'password';
GRANT CONNECT ON DATABASE eventcenter TO :"role";
CREATE SCHEMA :"role" AUTHORIZATION :"role";
ALTER ROLE :"role" SET search_path = :"role";
SQL
done
psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname "$POSTGRES_DB" <<'SQL'
REVOKE ALL ON DATABASE eventcenter FROM PUBLIC;
REVOKE ALL ON SCHEMA public FROM PUBLIC;
-- Collaboration's search needs trigrams; only the superuser may create the extension, in its schema.
CREATE EXTENSION IF NOT EXISTS pg_trgm SCHEMA collaboration;
SQL
