import { and, asc, desc, eq, isNull, lte, sql } from "drizzle-orm";
import * as a from "../pg/auth-schema.js";
import type { Db } from "../pg/db.js";
import type {
  ApiTokenRow,
  AuthStore,
  MemberChange,
  MemberRow,
  MembershipRow,
  SessionRow,
  UserRow,
} from "./auth-store.js";

/** The auth store on PostgreSQL; its tables are migrated with the rest (see ../pg/auth-schema.ts). */
export class PgAuthStore implements AuthStore {
  constructor(private readonly db: Db) {}

  async createUser(user: UserRow, membership: Omit<MembershipRow, "userId">): Promise<boolean> {
    return this.db.transaction(async (tx) => {
      // A taken id or username conflicts; DO NOTHING waits for a concurrent creator, then skips.
      const inserted = await tx
        .insert(a.users)
        .values(user)
        .onConflictDoNothing()
        .returning({ id: a.users.id });
      if (inserted.length === 0) return false;
      await tx.insert(a.memberships).values(fromMembership({ ...membership, userId: user.id }));
      return true;
    });
  }

  async getUser(id: string): Promise<UserRow | undefined> {
    const [row] = await this.db.select().from(a.users).where(eq(a.users.id, id));
    return row;
  }

  async findUser(username: string): Promise<UserRow | undefined> {
    const [row] = await this.db.select().from(a.users).where(eq(a.users.username, username));
    return row;
  }

  async addMembership(membership: MembershipRow): Promise<boolean> {
    const inserted = await this.db
      .insert(a.memberships)
      .values(fromMembership(membership))
      .onConflictDoNothing()
      .returning({ userId: a.memberships.userId });
    return inserted.length > 0;
  }

  async memberships(userId: string): Promise<MembershipRow[]> {
    const rows = await this.db
      .select()
      .from(a.memberships)
      .where(eq(a.memberships.userId, userId))
      .orderBy(asc(a.memberships.tenantId));
    return rows.map(toMembership);
  }

  async getMember(tenantId: string, userId: string): Promise<MemberRow | undefined> {
    const [row] = await this.db
      .select()
      .from(a.memberships)
      .innerJoin(a.users, eq(a.users.id, a.memberships.userId))
      .where(and(eq(a.memberships.tenantId, tenantId), eq(a.memberships.userId, userId)));
    return row && { user: row.users, membership: toMembership(row.memberships) };
  }

  async listMembers(tenantId: string): Promise<MemberRow[]> {
    const rows = await this.db
      .select()
      .from(a.memberships)
      .innerJoin(a.users, eq(a.users.id, a.memberships.userId))
      .where(eq(a.memberships.tenantId, tenantId))
      .orderBy(asc(a.users.username));
    return rows.map((row) => ({ user: row.users, membership: toMembership(row.memberships) }));
  }

  async subordinates(tenantId: string, userId: string): Promise<string[]> {
    // UNION (not UNION ALL) drops rows already found, so a reporting cycle ends the recursion.
    const result = await this.db.execute<{ id: string }>(sql`
      with recursive reports(id) as (
        select ${a.memberships.userId} from ${a.memberships}
          where ${a.memberships.tenantId} = ${tenantId} and ${a.memberships.managerId} = ${userId}
        union
        select m.user_id from memberships m join reports r on m.manager_id = r.id
          where m.tenant_id = ${tenantId}
      )
      select id from reports where id <> ${userId} order by id`);
    return result.rows.map((r) => r.id);
  }

  async updateMember(tenantId: string, userId: string, change: MemberChange): Promise<boolean> {
    return this.db.transaction(async (tx) => {
      const member = and(eq(a.memberships.tenantId, tenantId), eq(a.memberships.userId, userId));
      const [exists] = await tx.select({ userId: a.memberships.userId }).from(a.memberships).where(member);
      if (!exists) return false;
      const account = defined({
        displayName: change.displayName,
        passwordHash: change.passwordHash,
        disabled: change.disabled,
      });
      if (Object.keys(account).length > 0)
        await tx.update(a.users).set(account).where(eq(a.users.id, userId));
      const place = defined({
        roles: change.roles && JSON.stringify(change.roles),
        region: change.region,
        managerId: change.managerId,
      });
      if (Object.keys(place).length > 0) await tx.update(a.memberships).set(place).where(member);
      if (change.passwordHash !== undefined || change.disabled === true)
        await tx.delete(a.sessions).where(eq(a.sessions.userId, userId));
      return true;
    });
  }

  async createSession(session: SessionRow): Promise<void> {
    await this.db.insert(a.sessions).values(session);
  }

  async getSession(idHash: string): Promise<SessionRow | undefined> {
    const [row] = await this.db.select().from(a.sessions).where(eq(a.sessions.idHash, idHash));
    return row;
  }

  async touchSession(idHash: string, lastSeenAt: number, expiresAt: number): Promise<boolean> {
    const updated = await this.db
      .update(a.sessions)
      .set({ lastSeenAt, expiresAt })
      .where(eq(a.sessions.idHash, idHash))
      .returning({ idHash: a.sessions.idHash });
    return updated.length > 0;
  }

  async deleteSession(idHash: string): Promise<void> {
    await this.db.delete(a.sessions).where(eq(a.sessions.idHash, idHash));
  }

  async deleteUserSessions(userId: string): Promise<void> {
    await this.db.delete(a.sessions).where(eq(a.sessions.userId, userId));
  }

  async deleteExpiredSessions(now: number): Promise<number> {
    const deleted = await this.db
      .delete(a.sessions)
      .where(lte(a.sessions.expiresAt, now))
      .returning({ idHash: a.sessions.idHash });
    return deleted.length;
  }

  async createToken(token: ApiTokenRow): Promise<void> {
    await this.db.insert(a.apiTokens).values(token);
  }

  async findToken(tokenHash: string): Promise<ApiTokenRow | undefined> {
    const [row] = await this.db.select().from(a.apiTokens).where(eq(a.apiTokens.tokenHash, tokenHash));
    return row;
  }

  async listTokens(tenantId: string, userId: string): Promise<ApiTokenRow[]> {
    return this.db
      .select()
      .from(a.apiTokens)
      .where(and(eq(a.apiTokens.tenantId, tenantId), eq(a.apiTokens.userId, userId)))
      .orderBy(desc(a.apiTokens.createdAt), asc(a.apiTokens.id));
  }

  async touchToken(id: string, lastUsedAt: number): Promise<void> {
    await this.db.update(a.apiTokens).set({ lastUsedAt }).where(eq(a.apiTokens.id, id));
  }

  async revokeToken(tenantId: string, userId: string, id: string, at: number): Promise<boolean> {
    return this.db.transaction(async (tx) => {
      const owned = and(
        eq(a.apiTokens.id, id),
        eq(a.apiTokens.tenantId, tenantId),
        eq(a.apiTokens.userId, userId),
      );
      const [token] = await tx.select({ id: a.apiTokens.id }).from(a.apiTokens).where(owned);
      if (!token) return false;
      await tx
        .update(a.apiTokens)
        .set({ revokedAt: at })
        .where(and(owned, isNull(a.apiTokens.revokedAt)));
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
