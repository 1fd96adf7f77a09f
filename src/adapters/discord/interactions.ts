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
import type { Args, CommandDef } from "../../core/command.js";
import { type Dispatch, type DispatchInput, findCommand } from "../../core/dispatcher.js";
import { APOLOGY } from "../../core/errors.js";
import type { Logger } from "../../core/log.js";
import type { MessageDoc } from "../../core/message.js";
import { channelRef, type Origin } from "../../core/origin.js";
import { decodePagerData, type PagerTokens } from "../../core/pager.js";
import { autocompleteChoices, type SuggestFn } from "./autocomplete.js";
import { isInteractionGone, isInteractionStateError } from "./errors.js";
import { originFromInteraction } from "./origin.js";
import { type ButtonRow, type MessagePart, NO_MENTIONS, pagerRow, renderParts } from "./payloads.js";

export const DEFAULT_DEFER_AFTER_MS = 1500;

/** What people are told when a button or an answer cannot do what they expected. */
export const NOTES = {
  notOwner: "Only the person who asked can turn these pages. Run the command yourself to browse.",
  expired: "These pages have expired (Brief may have restarted). Run the command again to see them.",
  unknownButton: "This button is no longer in use. Run the command again.",
  notForBrief: "Brief has nothing to say to that. Type /help to see the commands.",
  apology: APOLOGY,
} as const;

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
    const body = { content: NOTES.apology, flags: MessageFlags.Ephemeral as const };
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
    const data = decodePagerData(interaction.customId);
    if (!data) return void (await ephemeral(interaction, NOTES.unknownButton));
    const entry = pager.resolve(data.token);
    if (!entry) return void (await ephemeral(interaction, NOTES.expired));
    if (entry.ownerId !== undefined && entry.ownerId !== interaction.user.id) {
      return void (await ephemeral(interaction, NOTES.notOwner));
    }
    const page = Math.min(Math.max(1, data.page), Math.max(1, entry.count));
    const origin = originFromInteraction(interaction, deps.adminIds);
    const text = `/${entry.command}${entry.args ? ` ${entry.args}` : ""}`;
    await answer(interaction, run({ kind: "text", text, page }, origin), { mode: "update", origin, token: data.token });
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
    how: { mode: "reply" | "update"; origin: Origin; token?: string },
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
      await sendPrivate(interaction, deferred, how.mode, [{ content: NOTES.notForBrief }]);
      return;
    }
    const parts = renderParts(doc, embedsAllowed(interaction));
    if (doc.private) {
      await sendPrivate(interaction, deferred, how.mode, parts);
      return;
    }

    let row: ButtonRow | undefined;
    if (doc.pages && doc.pages.count > 1) {
      const token = how.token ?? pager.register(doc.pages, interaction.user.id);
      row = pagerRow(token, doc.pages);
    }
    const components = (i: number): ButtonRow[] => (row && i === parts.length - 1 ? [row] : []);
    const [head, ...tail] = parts;
    if (!head) return;
    if (!deferred) {
      if (how.mode === "reply") {
        await (interaction as ChatInputCommandInteraction).reply({
          ...head,
          components: components(0),
          allowedMentions: NO_MENTIONS,
        } satisfies InteractionReplyOptions);
      } else {
        await (interaction as ButtonInteraction).update({
          ...head,
          components: components(0),
          allowedMentions: NO_MENTIONS,
        } satisfies InteractionUpdateOptions);
      }
    } else {
      await interaction.editReply({ ...head, components: components(0), allowedMentions: NO_MENTIONS } satisfies InteractionEditReplyOptions);
    }
    for (const [i, part] of tail.entries()) {
      await interaction.followUp({ ...part, components: components(i + 1), allowedMentions: NO_MENTIONS });
    }
    log.debug({ user: how.origin.user.id, channel: how.origin.channel, parts: parts.length, deferred }, "answered");
  }

  /** Errors and usage hints are shown only to the person who asked. */
  async function sendPrivate(
    interaction: ChatInputCommandInteraction | ButtonInteraction,
    deferred: boolean,
    mode: "reply" | "update",
    parts: MessagePart[],
  ): Promise<void> {
    const flags = MessageFlags.Ephemeral as const;
    let rest = parts;
    if (!deferred) {
      const [head, ...tail] = parts;
      if (head) await interaction.reply({ ...head, flags, allowedMentions: NO_MENTIONS });
      rest = tail;
    } else if (mode === "reply") {
      // The deferral was public ("Brief is thinking…"); remove it so the private answer stands alone.
      await interaction.deleteReply().catch((err: unknown) => log.warn({ err }, "could not remove the deferred reply"));
    }
    for (const part of rest) await interaction.followUp({ ...part, flags, allowedMentions: NO_MENTIONS });
  }

  return handleInteraction;
}
