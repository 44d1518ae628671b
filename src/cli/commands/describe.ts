/** @module `chaport describe <key> [--json]`. */
import { defineCommand } from '../command.js';
import { actionItem, describeAction } from '../describe-action.js';

export const describeCommand = defineCommand({
  name: 'describe',
  summary: 'one action: what it does, its fields and schemas, an example',
  usage: ['<key> [--json]'],
  description: `Shows what an action does, how sure we are of the endpoint, its request, its input fields,
its output schema and an example command.`,
  positionals: [{ name: 'key', description: "the action key ('list' shows them)", required: true }],
  options: {
    json: { type: 'boolean', description: "print the action as JSON (the same item as in 'list --json')" },
  },
  jsonErrors: true,
  async run({ io, values, positionals, source }) {
    const action = source.action(positionals[0] as string);
    io.stdout(values.json ? `${JSON.stringify(actionItem(action), null, 2)}\n` : describeAction(action, source.manifest));
    return 0;
  },
});
