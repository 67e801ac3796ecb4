import type Database from "better-sqlite3";
import { and, asc, desc, eq, isNull, lte, sql } from "drizzle-orm";
import { type BetterSQLite3Database, drizzle } from "drizzle-orm/better-sqlite3";
import * as a from "../sqlite/auth-schema.js";
import type {
  ApiTokenRow,
  AuthStore,
  MemberChange,
  MemberRow,
  MembershipRow,
  SessionRow,
  UserRow,
} from "./auth-store.js";

type Db = BetterSQLite3Database<typeof a>;

/** The auth store on the embedded SQLite database; its tables are migrated with the rest. */
export class SqliteAuthStore implements AuthStore {
  private readonly db: Db;
  /** What authenticating every API request reads, prepared once. */
  private readonly perRequest: ReturnType<typeof perRequestQueries>;

  constructor(client: Database.Database) {
    this.db = drizzle(client, { schema: a });
    this.perRequest = perRequestQueries(this.db, client);
  }

  async createUser(user: UserRow, membership: Omit<MembershipRow, "userId">): Promise<boolean> {
    return this.db.transaction((tx) => {
      const inserted = tx.insert(a.users).values(user).onConflictDoNothing().run();
      if (inserted.changes === 0) return false;
      tx.insert(a.memberships)
        .values(fromMembership({ ...membership, userId: user.id }))
        .run();
      return true;
    });
  }

  async getUser(id: string): Promise<UserRow | undefined> {
    return this.db.select().from(a.users).where(eq(a.users.id, id)).get();
  }

  async findUser(username: string): Promise<UserRow | undefined> {
    return this.db.select().from(a.users).where(eq(a.users.username, username)).get();
  }

  async addMembership(membership: MembershipRow): Promise<boolean> {
    const inserted = this.db
      .insert(a.memberships)
      .values(fromMembership(membership))
      .onConflictDoNothing()
      .run();
    return inserted.changes > 0;
  }

  async memberships(userId: string): Promise<MembershipRow[]> {
    return this.db
      .select()
      .from(a.memberships)
      .where(eq(a.memberships.userId, userId))
      .orderBy(asc(a.memberships.tenantId))
      .all()
      .map(toMembership);
  }

  async getMember(tenantId: string, userId: string): Promise<MemberRow | undefined> {
    const row = this.perRequest.member.get({ tenantId, userId });
    return row && { user: row.users, membership: toMembership(row.memberships) };
  }

  async listMembers(tenantId: string): Promise<MemberRow[]> {
    return this.db
      .select()
      .from(a.memberships)
      .innerJoin(a.users, eq(a.users.id, a.memberships.userId))
      .where(eq(a.memberships.tenantId, tenantId))
      .orderBy(asc(a.users.username))
      .all()
      .map((row) => ({ user: row.users, membership: toMembership(row.memberships) }));
  }

  async subordinates(tenantId: string, userId: string): Promise<string[]> {
    // Most callers manage no one: a one-row probe is ~15× cheaper than the recursive query.
    if (!this.perRequest.managesAnyone.get(tenantId, userId)) return [];
    return this.perRequest.subordinates.all(tenantId, userId, tenantId, userId).map((r) => r.id);
  }

  async updateMember(tenantId: string, userId: string, change: MemberChange): Promise<boolean> {
    return this.db.transaction((tx) => {
      const member = and(eq(a.memberships.tenantId, tenantId), eq(a.memberships.userId, userId));
      const exists = tx.select({ userId: a.memberships.userId }).from(a.memberships).where(member).get();
      if (!exists) return false;
      const account = defined({
        displayName: change.displayName,
        passwordHash: change.passwordHash,
        disabled: change.disabled,
      });
      if (Object.keys(account).length > 0)
        tx.update(a.users).set(account).where(eq(a.users.id, userId)).run();
      const place = defined({
        roles: change.roles && JSON.stringify(change.roles),
        region: change.region,
        managerId: change.managerId,
      });
      if (Object.keys(place).length > 0) tx.update(a.memberships).set(place).where(member).run();
      if (change.passwordHash !== undefined || change.disabled === true)
        tx.delete(a.sessions).where(eq(a.sessions.userId, userId)).run();
      return true;
    });
  }

  async createSession(session: SessionRow): Promise<void> {
    this.db.insert(a.sessions).values(session).run();
  }

  async getSession(idHash: string): Promise<SessionRow | undefined> {
    return this.db.select().from(a.sessions).where(eq(a.sessions.idHash, idHash)).get();
  }

  async touchSession(idHash: string, lastSeenAt: number, expiresAt: number): Promise<boolean> {
    const updated = this.db
      .update(a.sessions)
      .set({ lastSeenAt, expiresAt })
      .where(eq(a.sessions.idHash, idHash))
      .run();
    return updated.changes > 0;
  }

  async deleteSession(idHash: string): Promise<void> {
    this.db.delete(a.sessions).where(eq(a.sessions.idHash, idHash)).run();
  }

  async deleteUserSessions(userId: string): Promise<void> {
    this.db.delete(a.sessions).where(eq(a.sessions.userId, userId)).run();
  }

  async deleteExpiredSessions(now: number): Promise<number> {
    return this.db.delete(a.sessions).where(lte(a.sessions.expiresAt, now)).run().changes;
  }

  async createToken(token: ApiTokenRow): Promise<void> {
    this.db.insert(a.apiTokens).values(token).run();
  }

  async findToken(tokenHash: string): Promise<ApiTokenRow | undefined> {
    return this.perRequest.token.get({ tokenHash });
  }

  async listTokens(tenantId: string, userId: string): Promise<ApiTokenRow[]> {
    return this.db
      .select()
      .from(a.apiTokens)
      .where(and(eq(a.apiTokens.tenantId, tenantId), eq(a.apiTokens.userId, userId)))
      .orderBy(desc(a.apiTokens.createdAt), asc(a.apiTokens.id))
      .all();
  }

  async touchToken(id: string, lastUsedAt: number): Promise<void> {
    this.db.update(a.apiTokens).set({ lastUsedAt }).where(eq(a.apiTokens.id, id)).run();
  }

  async revokeToken(tenantId: string, userId: string, id: string, at: number): Promise<boolean> {
    return this.db.transaction((tx) => {
      const owned = and(
        eq(a.apiTokens.id, id),
        eq(a.apiTokens.tenantId, tenantId),
        eq(a.apiTokens.userId, userId),
      );
      const token = tx.select({ id: a.apiTokens.id }).from(a.apiTokens).where(owned).get();
      if (!token) return false;
      tx.update(a.apiTokens)
        .set({ revokedAt: at })
        .where(and(owned, isNull(a.apiTokens.revokedAt)))
        .run();
      return true;
    });
  }
}

function fromMembership(m: MembershipRow): typeof a.memberships.$inferInsert {
  return { ...m, roles: JSON.stringify(m.roles) };
}

function toMembership(row: typeof a.memberships.$inferSelect): MembershipRow {
  const roles: unknown = JSON.parse(row.roles);
  return {
    ...row,
    roles: Array.isArray(roles) ? roles.filter((r): r is string => typeof r === "string") : [],
  };
}

/** The entries whose value is not undefined (null is kept: it clears a column). */
function defined<T extends Record<string, unknown>>(values: T): Partial<T> {
  return Object.fromEntries(Object.entries(values).filter(([, v]) => v !== undefined)) as Partial<T>;
}

const p = sql.placeholder;

function perRequestQueries(db: Db, client: Database.Database) {
  return {
    token: db
      .select()
      .from(a.apiTokens)
      .where(eq(a.apiTokens.tokenHash, p("tokenHash")))
      .prepare(),
    member: db
      .select()
      .from(a.memberships)
      .innerJoin(a.users, eq(a.users.id, a.memberships.userId))
      .where(and(eq(a.memberships.tenantId, p("tenantId")), eq(a.memberships.userId, p("userId"))))
      .prepare(),
    managesAnyone: client.prepare<[string, string], { one: number }>(
      "select 1 as one from memberships where tenant_id = ? and manager_id = ? limit 1",
    ),
    // UNION (not UNION ALL) drops rows already found, so a reporting cycle ends the recursion.
    subordinates: client.prepare<[string, string, string, string], { id: string }>(`
      with recursive reports(id) as (
        select user_id from memberships where tenant_id = ? and manager_id = ?
        union
        select m.user_id from memberships m join reports r on m.manager_id = r.id
          where m.tenant_id = ?
      )
      select id from reports where id <> ? order by id`),
  };
}
