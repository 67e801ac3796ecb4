import { boolean, index, pgTable, primaryKey, uniqueIndex } from "drizzle-orm/pg-core";
import { millis, tenants, text } from "./schema.js";

// The PostgreSQL twin of ../sqlite/auth-schema.ts. Secrets never reach these tables: sessions are
// keyed by the SHA-256 of their id, tokens by the SHA-256 of the token, passwords by scrypt hashes.

/** Accounts: one per person or machine owner, across tenants. Usernames are unique installation-wide. */
export const users = pgTable(
  "users",
  {
    id: text("id").primaryKey(),
    username: text("username").notNull(),
    displayName: text("display_name").notNull(),
    passwordHash: text("password_hash").notNull(),
    createdAt: millis("created_at").notNull(),
    disabled: boolean("disabled").notNull().default(false),
  },
  (t) => [uniqueIndex("users_username").on(t.username)],
);

/** What a user may do in one tenant: roles (JSON array as text), region and manager. */
export const memberships = pgTable(
  "memberships",
  {
    tenantId: text("tenant_id")
      .notNull()
      .references(() => tenants.id),
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    roles: text("roles").notNull(),
    region: text("region"),
    managerId: text("manager_id").references(() => users.id, { onDelete: "set null" }),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.userId] }),
    index("memberships_user").on(t.userId),
    index("memberships_manager").on(t.tenantId, t.managerId),
  ],
);

/** Browser sessions, keyed by the SHA-256 of the cookie's value. */
export const sessions = pgTable(
  "sessions",
  {
    idHash: text("id_hash").primaryKey(),
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    tenantId: text("tenant_id")
      .notNull()
      .references(() => tenants.id),
    csrfToken: text("csrf_token").notNull(),
    createdAt: millis("created_at").notNull(),
    expiresAt: millis("expires_at").notNull(),
    lastSeenAt: millis("last_seen_at").notNull(),
  },
  (t) => [index("sessions_user").on(t.userId), index("sessions_expires").on(t.expiresAt)],
);

/** API tokens for machines: a public id to list and revoke by, and the SHA-256 of the secret. */
export const apiTokens = pgTable(
  "api_tokens",
  {
    id: text("id").primaryKey(),
    tokenHash: text("token_hash").notNull(),
    name: text("name").notNull(),
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    tenantId: text("tenant_id")
      .notNull()
      .references(() => tenants.id),
    createdAt: millis("created_at").notNull(),
    lastUsedAt: millis("last_used_at"),
    revokedAt: millis("revoked_at"),
  },
  (t) => [uniqueIndex("api_tokens_hash").on(t.tokenHash), index("api_tokens_owner").on(t.tenantId, t.userId)],
);
