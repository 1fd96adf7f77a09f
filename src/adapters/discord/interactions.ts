/**
 * Answering interactions: slash commands, autocomplete and pager buttons.
 *
 * Discord wants a first response within 3 s. A fast answer is sent as that first response, so errors and
 * usage hints can be ephemeral; an answer still missing after `deferAfterMs` is acknowledged with a
 * deferred reply first and edited in when ready. Long answers continue in follow-up messages.
 */
import {
  type AutocompleteInteraction,
  type ButtonInteraction,
  type ChatInputCommandInteraction,
  type Interaction,
  type InteractionEditReplyOptions,
  type InteractionReplyOptions,
  type InteractionUpdateOptions,
  MessageFlags,
  PermissionFlagsBits,
} from "discord.js";
import { renumberCitations } from "../../core/citations.js";
import type { Args, CommandDef } from "../../core/command.js";
import { type Dispatch, type DispatchInput, findCommand } from "../../core/dispatcher.js";
import { localeFromTag, translator } from "../../core/i18n.js";
import type { Logger } from "../../core/log.js";
import type { MessageDoc } from "../../core/message.js";
import { channelRef, type Origin } from "../../core/origin.js";
import type { PagerTokens } from "../../core/pager.js";
import { decodeAction, decodeView, type ViewState } from "../../core/reply-view.js";
import { autocompleteChoices, type SuggestFn } from "./autocomplete.js";
import { isInteractionGone, isInteractionStateError } from "./errors.js";
import { originFromInteraction } from "./origin.js";
import { type MessagePart, NO_MENTIONS } from "./payloads.js";
import { discordView } from "./reply.js";

export const DEFAULT_DEFER_AFTER_MS = 1500;

export interface InteractionDeps {
  commands: readonly CommandDef[];
  adminIds: readonly string[];
  log: Logger;
  pager: PagerTokens;
  suggest?: SuggestFn;
  deferAfterMs: number;
  /** false: plain content everywhere. */
  embeds: boolean;
}

/** Returns the handler for INTERACTION_CREATE. It never rejects: Discord errors are logged (10062/40060 at warn). */
export function createInteractionHandler(deps: InteractionDeps): (interaction: Interaction, run: Dispatch) => Promise<void> {
  const { commands, log, pager, deferAfterMs } = deps;

  async function handleInteraction(interaction: Interaction, run: Dispatch): Promise<void> {
    try {
      if (interaction.isAutocomplete()) await onAutocomplete(interaction);
      else if (interaction.isChatInputCommand()) await onCommand(interaction, run);
      else if (interaction.isButton()) await onButton(interaction, run);
    } catch (err) {
      const context = { err, interaction: interaction.id, user: interaction.user.id, channel: interaction.channelId };
      if (isInteractionGone(err) || isInteractionStateError(err)) {
        log.warn(context, "interaction could not be answered (expired or already answered)");
        return;
      }
      log.error(context, "interaction failed");
      if (interaction.isRepliable()) await apologise(interaction);
    }
  }

  async function apologise(interaction: ChatInputCommandInteraction | ButtonInteraction | Interaction): Promise<void> {
    if (!interaction.isRepliable()) return;
    const body = { content: translator(localeFromTag(interaction.locale))("common.apology"), flags: MessageFlags.Ephemeral as const };
    try {
      if (interaction.replied || interaction.deferred) await interaction.followUp(body);
      else await interaction.reply(body);
    } catch (err) {
      log.warn({ err, interaction: interaction.id }, "could not apologise either");
    }
  }

  async function onAutocomplete(interaction: AutocompleteInteraction): Promise<void> {
    const focused = interaction.options.getFocused(true);
    const option = findCommand(commands, interaction.commandName)?.options?.find((o) => o.name === focused.name);
    const kind = option?.autocomplete;
    const choices = kind
      ? autocompleteChoices(kind, String(focused.value ?? ""), deps.suggest, (err) => log.warn({ err, kind }, "autocomplete suggestions failed"))
      : [];
    if (option?.type === "integer") {
      await interaction.respond(choices.filter((c) => /^-?\d{1,15}$/.test(c.value)).map((c) => ({ name: c.name, value: Number(c.value) })));
    } else {
      await interaction.respond(choices);
    }
  }

  function argsFrom(interaction: ChatInputCommandInteraction, def: CommandDef | undefined): Args {
    const args: Args = {};
    if (!def) {
      for (const o of interaction.options.data) {
        if (typeof o.value === "string" || typeof o.value === "number") args[o.name] = o.value;
      }
      return args;
    }
    for (const opt of def.options ?? []) {
      switch (opt.type) {
        case "string": {
          const v = interaction.options.getString(opt.name);
          if (v !== null) args[opt.name] = v;
          break;
        }
        case "integer": {
          const v = interaction.options.getInteger(opt.name);
          if (v !== null) args[opt.name] = v;
          break;
        }
        case "channel": {
          // Channels travel as ChannelRefs ("discord:<id>"): platform-neutral and unambiguous.
          const v = interaction.options.getChannel(opt.name);
          if (v) args[opt.name] = channelRef("discord", v.id);
          break;
        }
      }
    }
    return args;
  }

  async function onCommand(interaction: ChatInputCommandInteraction, run: Dispatch): Promise<void> {
    const origin = originFromInteraction(interaction, deps.adminIds);
    const def = findCommand(commands, interaction.commandName);
    const input: DispatchInput = { kind: "options", command: interaction.commandName, args: argsFrom(interaction, def) };
    log.debug({ command: interaction.commandName, user: origin.user.id, channel: origin.channel }, "slash command");
    await answer(interaction, run(input, origin), { mode: "reply", origin });
  }

  async function onButton(interaction: ButtonInteraction, run: Dispatch): Promise<void> {
    const view = decodeView(interaction.customId);
    const action = view ? undefined : decodeAction(interaction.customId);
    const origin = originFromInteraction(interaction, deps.adminIds);
    const t = translator(origin.locale);
    if (!view && !action) return void (await ephemeral(interaction, t("buttonNotes.expired")));
    const entry = pager.resolve((view ?? action)!.token);
    // A custom id can be forged: a token works only in the channel its reply was sent to.
    if (!entry || (entry.channel !== undefined && entry.channel !== origin.channel)) {
      return void (await ephemeral(interaction, t("buttonNotes.expired")));
    }
    if (entry.ownerId !== undefined && entry.ownerId !== interaction.user.id) {
      return void (await ephemeral(interaction, t("buttonNotes.notOwner")));
    }
    if (action) {
      // "Did you mean" and "details": the command runs as if typed, and its answer replaces this message, as
      // every button's does (one message per reply, as on Telegram); a refusal is still said privately.
      const a = entry.doc?.actions?.[action.index];
      if (!a) return void (await ephemeral(interaction, t("buttonNotes.expired")));
      await answer(interaction, run({ kind: "text", text: `/${a.command}${a.args ? ` ${a.args}` : ""}`, page: 1 }, origin), { mode: "update", origin });
      return;
    }
    const v = view!;
    const page = Math.min(Math.max(1, v.page), Math.max(1, entry.count));
    const kept = entry.doc && (entry.doc.pages?.index ?? 1) === page ? entry.doc : undefined;
    const work = kept
      ? Promise.resolve(kept)
      : run({ kind: "text", text: `/${entry.command}${entry.args ? ` ${entry.args}` : ""}`, page }, origin).then((fresh) => {
          if (!fresh) return fresh;
          // Sources keep the numbers the reply gave them on earlier pages.
          const doc = renumberCitations(fresh, entry.sources ?? []);
          entry.doc = doc;
          entry.sources = doc.citations;
          return doc;
        });
    await answer(interaction, work, { mode: "update", origin, token: v.token, state: { page, screen: v.screen, sources: v.sources, back: v.back } });
  }

  async function ephemeral(interaction: ButtonInteraction | ChatInputCommandInteraction, content: string): Promise<void> {
    await interaction.reply({ content, flags: MessageFlags.Ephemeral, allowedMentions: NO_MENTIONS });
  }

  function embedsAllowed(interaction: Interaction): boolean {
    if (!deps.embeds) return false;
    // In a server, respect the bot's own Embed Links permission there; DMs always allow embeds.
    return interaction.guildId === null || interaction.appPermissions.has(PermissionFlagsBits.EmbedLinks);
  }

  /**
   * Acknowledges within Discord's 3 s: a fast answer is the first response itself; a slow one is deferred
   * after `deferAfterMs`, then edited in. Extra parts of a long answer follow as follow-up messages.
   */
  async function answer(
    interaction: ChatInputCommandInteraction | ButtonInteraction,
    work: Promise<MessageDoc | null>,
    how: { mode: "reply" | "update"; origin: Origin; token?: string; state?: ViewState },
  ): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<"late">((resolve) => {
      timer = setTimeout(() => resolve("late"), deferAfterMs);
    });
    const first = await Promise.race([work.then((doc) => ({ doc })), late]);
    clearTimeout(timer);
    let deferred = false;
    let doc: MessageDoc | null;
    if (first === "late") {
      if (how.mode === "reply") await interaction.deferReply();
      else await (interaction as ButtonInteraction).deferUpdate();
      deferred = true;
      doc = await work;
    } else {
      doc = first.doc;
    }

    if (!doc) {
      await sendPrivate(interaction, deferred, how.mode, [{ content: translator(how.origin.locale)("buttonNotes.notForBrief") }]);
      return;
    }
    // One message per reply: its first screen (or the screen a button asked for), buttons for the rest.
    const state = how.state ?? { page: doc.pages?.index ?? 1, screen: 1, sources: false };
    const shown = discordView(doc, state, {
      pager,
      embeds: embedsAllowed(interaction),
      ownerId: interaction.user.id,
      channel: how.origin.channel,
      token: how.token,
    });
    if (doc.private) {
      await sendPrivate(interaction, deferred, how.mode, [shown.part], shown.components);
      return;
    }
    const head = shown.part;
    const components = () => shown.components;
    if (!deferred) {
      if (how.mode === "reply") {
        await (interaction as ChatInputCommandInteraction).reply({
          ...head,
          components: components(),
          allowedMentions: NO_MENTIONS,
        } satisfies InteractionReplyOptions);
      } else {
        await (interaction as ButtonInteraction).update({
          ...head,
          components: components(),
          allowedMentions: NO_MENTIONS,
        } satisfies InteractionUpdateOptions);
      }
    } else {
      await interaction.editReply({ ...head, components: components(), allowedMentions: NO_MENTIONS } satisfies InteractionEditReplyOptions);
    }
    log.debug({ user: how.origin.user.id, channel: how.origin.channel, deferred }, "answered");
  }

  /** Errors and usage hints are shown only to the person who asked. */
  async function sendPrivate(
    interaction: ChatInputCommandInteraction | ButtonInteraction,
    deferred: boolean,
    mode: "reply" | "update",
    parts: MessagePart[],
    components: ReturnType<typeof discordView>["components"] = [],
  ): Promise<void> {
    const flags = MessageFlags.Ephemeral as const;
    let rest = parts;
    if (!deferred) {
      const [head, ...tail] = parts;
      if (head) await interaction.reply({ ...head, components, flags, allowedMentions: NO_MENTIONS });
      rest = tail;
    } else if (mode === "reply") {
      // The deferral was public ("Brief is thinking…"); remove it so the private answer stands alone.
      await interaction.deleteReply().catch((err: unknown) => log.warn({ err }, "could not remove the deferred reply"));
    }
    for (const [i, part] of rest.entries()) {
      await interaction.followUp({ ...part, ...(i === 0 && deferred ? { components } : {}), flags, allowedMentions: NO_MENTIONS });
    }
  }

  return handleInteraction;
}
