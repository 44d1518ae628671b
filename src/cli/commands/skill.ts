/** @module `chaport skill [--out DIR]`: the agent skill, on stdout or written into DIR/<key>/SKILL.md. */
import { join, resolve } from 'node:path';
import { builtinSkill } from '../../builtin-skill.js';
import { defineCommand } from '../command.js';
import { writeText } from '../write-file.js';

export const skillCommand = defineCommand({
  name: 'skill',
  summary: 'the agent skill (SKILL.md) that teaches an AI agent to use this CLI',
  usage: ['[--out DIR]'],
  description: `Prints the agent skill, a SKILL.md in the Agent Skills format generated from the catalogue:
how to install and authenticate, find actions by intent, run them, page, recover from errors,
and when to ask the user first. With --out it writes DIR/<name>/SKILL.md instead (the folder
bears the skill's name, as agents expect), replacing an older copy.`,
  positionals: [],
  options: {
    out: { type: 'string', valueName: 'DIR', description: "the skills folder of an agent, e.g. ~/.claude/skills; created if missing" },
  },
  jsonErrors: false,
  sections: ({ manifest }) => [
    {
      title: 'Installing it for an agent',
      text: `  ${manifest.key} skill --out ~/.claude/skills      # Claude Code, for every project of this user
  ${manifest.key} skill --out .claude/skills        # Claude Code, this project only
  ${manifest.key} skill > SKILL.md                  # any other agent: put it where it reads skills`,
    },
  ],
  async run({ io, values, source }) {
    const { key } = source.manifest;
    const text = builtinSkill(key);
    if (values.out === undefined) {
      io.stdout(text);
      return 0;
    }
    const file = join(resolve(values.out), key, 'SKILL.md');
    await writeText(file, text);
    io.stderr(`${io.program} skill: wrote ${file}\n`);
    return 0;
  },
});
