-- Strings that held JSON become json columns and strings that held one of
-- a closed set of values become enum types. Written by hand from what
-- `migrate diff` proposed (DROP COLUMN + ADD COLUMN, which would lose every
-- row's value): each column is converted in place with USING, so a running
-- install keeps its data. `json`, not `jsonb`, keeps each value's text as
-- written, so the audit chain's hashes (over details' text) still verify.
-- A value outside an enum's set fails the cast and the whole migration
-- rolls back, rather than losing the row.

-- CreateEnum
CREATE TYPE "Role" AS ENUM ('developer', 'admin', 'compliance');

-- CreateEnum
CREATE TYPE "UserStatus" AS ENUM ('active', 'suspended');

-- CreateEnum
CREATE TYPE "OrganisationStatus" AS ENUM ('active', 'suspended');

-- CreateEnum
CREATE TYPE "ApiVisibility" AS ENUM ('registered', 'restricted');

-- CreateEnum
CREATE TYPE "Lifecycle" AS ENUM ('published', 'deprecated', 'retired');

-- CreateEnum
CREATE TYPE "SandboxAccountType" AS ENUM ('current', 'savings', 'business');

-- CreateEnum
CREATE TYPE "AppStatus" AS ENUM ('draft', 'pending', 'approved', 'rejected', 'suspended');

-- CreateEnum
CREATE TYPE "AppRequestKind" AS ENUM ('registration', 'change');

-- CreateEnum
CREATE TYPE "AppRequestStatus" AS ENUM ('draft', 'pending', 'approved', 'rejected', 'withdrawn');

-- CreateEnum
CREATE TYPE "TokenIssuer" AS ENUM ('client_credentials', 'portal_try_it');

-- CreateEnum
CREATE TYPE "ActorRole" AS ENUM ('developer', 'admin', 'compliance', 'system', 'client');

-- CreateEnum
CREATE TYPE "HttpMethod" AS ENUM ('DELETE', 'GET', 'HEAD', 'OPTIONS', 'PATCH', 'POST', 'PUT', 'TRACE');

-- AlterTable
ALTER TABLE "Organisation"
    ALTER COLUMN "status" DROP DEFAULT,
    ALTER COLUMN "status" TYPE "OrganisationStatus" USING "status"::"OrganisationStatus",
    ALTER COLUMN "status" SET DEFAULT 'active';

-- AlterTable
ALTER TABLE "User"
    ALTER COLUMN "role" DROP DEFAULT,
    ALTER COLUMN "role" TYPE "Role" USING "role"::"Role",
    ALTER COLUMN "role" SET DEFAULT 'developer',
    ALTER COLUMN "status" DROP DEFAULT,
    ALTER COLUMN "status" TYPE "UserStatus" USING "status"::"UserStatus",
    ALTER COLUMN "status" SET DEFAULT 'active';

-- AlterTable
ALTER TABLE "Api"
    ALTER COLUMN "visibility" DROP DEFAULT,
    ALTER COLUMN "visibility" TYPE "ApiVisibility" USING "visibility"::"ApiVisibility",
    ALTER COLUMN "visibility" SET DEFAULT 'registered';

-- AlterTable
ALTER TABLE "ApiVersion"
    ALTER COLUMN "lifecycle" DROP DEFAULT,
    ALTER COLUMN "lifecycle" TYPE "Lifecycle" USING "lifecycle"::"Lifecycle",
    ALTER COLUMN "lifecycle" SET DEFAULT 'published',
    ALTER COLUMN "tags" DROP DEFAULT,
    ALTER COLUMN "tags" TYPE JSON USING "tags"::JSON,
    ALTER COLUMN "tags" SET DEFAULT '[]',
    ALTER COLUMN "scopes" DROP DEFAULT,
    ALTER COLUMN "scopes" TYPE JSON USING "scopes"::JSON,
    ALTER COLUMN "scopes" SET DEFAULT '{}',
    ALTER COLUMN "specSource" TYPE JSON USING "specSource"::JSON,
    ALTER COLUMN "specResolved" TYPE JSON USING "specResolved"::JSON;

-- AlterTable
ALTER TABLE "ApiOperation"
    ALTER COLUMN "method" TYPE "HttpMethod" USING "method"::"HttpMethod",
    ALTER COLUMN "tags" DROP DEFAULT,
    ALTER COLUMN "tags" TYPE JSON USING "tags"::JSON,
    ALTER COLUMN "tags" SET DEFAULT '[]',
    ALTER COLUMN "scopes" DROP DEFAULT,
    ALTER COLUMN "scopes" TYPE JSON USING "scopes"::JSON,
    ALTER COLUMN "scopes" SET DEFAULT '[]';

-- AlterTable
ALTER TABLE "SandboxAccount"
    ALTER COLUMN "type" DROP DEFAULT,
    ALTER COLUMN "type" TYPE "SandboxAccountType" USING "type"::"SandboxAccountType",
    ALTER COLUMN "type" SET DEFAULT 'current';

-- AlterTable
ALTER TABLE "App"
    ALTER COLUMN "status" DROP DEFAULT,
    ALTER COLUMN "status" TYPE "AppStatus" USING "status"::"AppStatus",
    ALTER COLUMN "status" SET DEFAULT 'draft';

-- AlterTable
ALTER TABLE "AppApi"
    ALTER COLUMN "scopes" TYPE JSON USING "scopes"::JSON;

-- AlterTable
ALTER TABLE "AppRequest"
    ALTER COLUMN "kind" TYPE "AppRequestKind" USING "kind"::"AppRequestKind",
    ALTER COLUMN "status" DROP DEFAULT,
    ALTER COLUMN "status" TYPE "AppRequestStatus" USING "status"::"AppRequestStatus",
    ALTER COLUMN "status" SET DEFAULT 'draft';

-- AlterTable
ALTER TABLE "AppRequestApi"
    ALTER COLUMN "scopes" TYPE JSON USING "scopes"::JSON;

-- AlterTable
ALTER TABLE "AccessToken"
    ALTER COLUMN "issuedVia" DROP DEFAULT,
    ALTER COLUMN "issuedVia" TYPE "TokenIssuer" USING "issuedVia"::"TokenIssuer",
    ALTER COLUMN "issuedVia" SET DEFAULT 'client_credentials';

-- AlterTable
ALTER TABLE "BankSetting"
    ALTER COLUMN "value" TYPE JSON USING "value"::JSON;

-- AlterTable
ALTER TABLE "AuditEvent"
    ALTER COLUMN "actorRole" TYPE "ActorRole" USING "actorRole"::"ActorRole",
    ALTER COLUMN "details" DROP DEFAULT,
    ALTER COLUMN "details" TYPE JSON USING "details"::JSON,
    ALTER COLUMN "details" SET DEFAULT '{}';
