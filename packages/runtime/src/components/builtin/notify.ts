import type { ComponentImplementation } from "../contract.js";
import { evaluateTextList, renderAt } from "../evaluate.js";
import { readBuiltinConfig } from "../schemas.js";

interface NotifyConfig {
  readonly to: string;
  readonly title: string;
  readonly message?: string;
  readonly link?: string;
}

/**
 * `core.notify`: an in-app notification to each of `to`. Notifications are staged into the
 * step's commit; the output holds the first recipient's notification id.
 */
export const notifyComponent: ComponentImplementation = {
  id: "core.notify",
  execute(ctx) {
    const config = readBuiltinConfig<NotifyConfig>(ctx, "core.notify");
    const recipients = evaluateTextList(ctx, "to", config.to, "a user id");
    const title = renderAt(ctx, "title", config.title);
    const message = config.message === undefined ? "" : renderAt(ctx, "message", config.message);
    const link = config.link === undefined ? undefined : renderAt(ctx, "link", config.link).trim();
    const { ids } = ctx.effects.notify(
      link ? { recipients, title, message, link } : { recipients, title, message },
    );
    const [first] = ids;
    return { kind: "completed", output: first === undefined ? {} : { notificationId: first } };
  },
};
