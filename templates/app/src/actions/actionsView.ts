// actionsView: every action this server knows, with its description and inputs.

import { defineAction } from '../core/action.js';

export default defineAction({
  name: 'actionsView',
  description: 'Lists the actions, their descriptions and inputs.',
  inputs: {},
  run(_params, { actions }) {
    return {
      actions: actions.map(({ name, description, inputs }) => ({ name, description, inputs })),
    };
  },
});
