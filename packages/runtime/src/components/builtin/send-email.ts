import type { ComponentImplementation, StepContext } from "../contract.js";
import { componentFailure } from "../errors.js";
import { evaluateTextList, renderAt } from "../evaluate.js";
import { readBuiltinConfig } from "../schemas.js";
import { isEmailAddress } from "../values.js";

interface SendEmailConfig {
  readonly to: string;
  readonly cc?: string;
  readonly subject: string;
  readonly body: string;
}

/** The evaluated addresses of `to` or `cc`, each checked to look like an e-mail address. */
function addresses(ctx: StepContext, setting: "to" | "cc", source: string): string[] {
  const list = evaluateTextList(ctx, setting, source, "an e-mail address");
  const bad = list.filter((a) => !isEmailAddress(a));
  if (bad.length > 0) {
    throw componentFailure(
      "email/invalid-address",
      `'${setting}' gave ${bad.map((a) => `'${a}'`).join(", ")}, which ${bad.length === 1 ? "is not an e-mail address" : "are not e-mail addresses"}.`,
      "Use bare addresses such as name@example.com (no display names); check the record field the expression reads.",
    );
  }
  return list;
}

/**
 * `core.send-email`: renders the message and hands it to the durable outbox, which sends it after
 * the step commits. The step completes at once; `messageId` is the outbox item's id.
 */
export const sendEmailComponent: ComponentImplementation = {
  id: "core.send-email",
  execute(ctx) {
    const config = readBuiltinConfig<SendEmailConfig>(ctx, "core.send-email");
    const to = addresses(ctx, "to", config.to);
    const cc = config.cc === undefined ? undefined : addresses(ctx, "cc", config.cc);
    // A subject is one header line: a line break from record data must not start a new header.
    const subject = renderAt(ctx, "subject", config.subject)
      .replace(/[\r\n]+/g, " ")
      .trim();
    const body = renderAt(ctx, "body", config.body);
    const { outboxId } = ctx.effects.sendEmail(
      cc === undefined ? { to, subject, body } : { to, cc, subject, body },
    );
    return { kind: "completed", output: { messageId: outboxId } };
  },
};
