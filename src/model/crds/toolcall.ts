import {
  KEY_PATTERN,
  bool,
  column,
  conditions,
  defineCrd,
  object,
  objectReference,
  observedGeneration,
  rules,
  string,
  timestamp,
} from './dsl.js';
// ToolCall

export const toolCall = defineCrd({
  kind: 'ToolCall',
  plural: 'toolcalls',
  shortNames: ['tc'],
  description: 'One tool invocation by an agent, recorded for audit and approval.',
  spec: object(
    'The invocation',
    {
      agentRef: objectReference('KAgent that made the call'),
      tool: string(253, { minLength: 1, pattern: KEY_PATTERN, description: 'Tool name' }),
      arguments: {
        type: 'object',
        description: 'Tool arguments as the agent passed them',
        'x-kubernetes-preserve-unknown-fields': true,
      },
      requiresApproval: bool('Whether a person must approve the call before it runs'),
      approval: object(
        'The approval decision; final once recorded',
        {
          approved: bool('Whether the call was approved'),
          approver: string(253, { minLength: 1, description: 'Who decided' }),
          time: timestamp('When the decision was made'),
          reason: string(1024, { description: 'Why' }),
        },
        ['approved', 'approver', 'time'],
        rules({ rule: 'self == oldSelf', message: 'an approval decision is final' }),
      ),
    },
    ['agentRef', 'tool', 'requiresApproval'],
    rules(
      {
        rule: 'self.agentRef == oldSelf.agentRef && self.tool == oldSelf.tool && self.requiresApproval == oldSelf.requiresApproval',
        message: 'agentRef, tool and requiresApproval are immutable',
      },
      { rule: '!has(oldSelf.approval) || has(self.approval)', message: 'an approval decision cannot be removed', fieldPath: '.approval' },
    ),
  ),
  status: object('Outcome of the call', {
    phase: {
      type: 'string',
      enum: ['Pending', 'AwaitingApproval', 'Rejected', 'Running', 'Succeeded', 'Failed'],
      description: 'Where the call is',
    },
    result: object(
      'What the tool returned',
      {
        succeeded: bool('Whether the tool reported success'),
        output: string(32768, { description: 'Tool output, possibly truncated' }),
        error: string(4096, { description: 'Error message when the tool failed' }),
        completedAt: timestamp('When the tool returned'),
      },
      ['succeeded'],
    ),
    observedGeneration,
    conditions,
  }),
  objectRules: [
    {
      rule: '!has(self.status) || !has(self.status.result) || !self.spec.requiresApproval || (has(self.spec.approval) && self.spec.approval.approved)',
      message: 'a call that requires approval cannot have a result unless spec.approval.approved is true',
      fieldPath: '.status.result',
    },
  ],
  columns: [
    column('Agent', 'string', '.spec.agentRef.name', 'Calling KAgent'),
    column('Tool', 'string', '.spec.tool', 'Tool invoked'),
    column('Approval', 'boolean', '.spec.requiresApproval', 'Approval required'),
    column('Approved', 'boolean', '.spec.approval.approved', 'Approval decision'),
    column('Phase', 'string', '.status.phase', 'Where the call is'),
  ],
});
