-- Run once as the PostgreSQL superuser: psql -f deploy/postgres/create-database.sql
-- Replace the password; the application role owns its database and nothing else.
CREATE ROLE friendlygov LOGIN PASSWORD 'change-me';
CREATE DATABASE friendlygov OWNER friendlygov ENCODING 'UTF8' TEMPLATE template0;
