import { openSqliteStore } from "@switchyard/store";
import { runRow } from "@switchyard/store/testing";
import { describe, expect, it } from "vitest";
import { GroupCommit, GroupCommitError } from "./group-commit.js";

const run = runRow;

describe("group commit", () => {
  it("keeps staged writes back until a call could see them, then writes them in one batch", async () => {
    const inner = openSqliteStore(":memory:");
    const writes = new GroupCommit(inner);
    await writes.stage({ kind: "start-runs", eventSeq: null, runs: [run("r1")] });
    // Records cannot see an event's runs being started: no flush needed.
    await writes.store.getRecord("t1", "lead", "x");
    expect(await inner.getRun("r1")).toBeUndefined();
    await writes.stage({ kind: "commit", commit: { run: run("r1", { state: { step: 1 } }) } });
    // Once a step commit is staged, a record read must see its writes: flushed first.
    await writes.store.getRecord("t1", "lead", "x");
    expect((await inner.getRun("r1"))?.state).toEqual({ step: 1 });
    await writes.stage({ kind: "commit", commit: { run: run("r1", { status: "completed" }) } });
    expect((await writes.store.getRun("r1"))?.status).toBe("completed");
    await inner.close();
  });

  it("writes a full batch without being asked", async () => {
    const inner = openSqliteStore(":memory:");
    const writes = new GroupCommit(inner, 2);
    await writes.stage({ kind: "start-runs", eventSeq: null, runs: [run("a")] });
    expect(await inner.getRun("a")).toBeUndefined();
    await writes.stage({ kind: "start-runs", eventSeq: null, runs: [run("b")] });
    expect((await inner.listRuns({ tenantId: "t1" })).map((r) => r.id).sort()).toEqual(["a", "b"]);
    await inner.close();
  });

  it("reports refused writes with the run they belong to, and writes the rest", async () => {
    const inner = openSqliteStore(":memory:");
    const writes = new GroupCommit(inner);
    const create = (runId: string) => ({
      kind: "commit" as const,
      commit: {
        run: run(runId),
        recordWrites: [
          {
            entity: "lead",
            id: "same",
            op: "create" as const,
            data: {},
            writeKey: `${runId}:create`,
            indexed: {},
          },
        ],
      },
    });
    await writes.stage({ kind: "start-runs", eventSeq: null, runs: [run("ok"), run("bad")] });
    await writes.stage(create("ok"));
    await writes.stage(create("bad"));
    const error = await writes.flush().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GroupCommitError);
    expect((error as GroupCommitError).code).toBe("engine/commit-failed");
    expect((error as GroupCommitError).message).toMatch(/run bad: .*unique/i);
    expect((await inner.getRecord("t1", "lead", "same"))?.id).toBe("same");
    await writes.flush();
    await inner.close();
  });
});
