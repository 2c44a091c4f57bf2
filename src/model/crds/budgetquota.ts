import { bool, column, conditions, count, defineCrd, object, observedGeneration, usdAmount } from './dsl.js';
// BudgetQuota

export const budgetQuota = defineCrd({
  kind: 'BudgetQuota',
  plural: 'budgetquotas',
  shortNames: ['bq'],
  description: 'Hard limits on tokens, cost and concurrent runs in a namespace; enforcement fails closed.',
  spec: object(
    'The limits',
    {
      maxTotalTokens: count('Total tokens all runs in the namespace may consume', Number.MAX_SAFE_INTEGER, 'int64'),
      maxTotalCost: usdAmount('Total cost limit in USD, exactly two decimals, no currency symbol: 100.00'),
      currency: { type: 'string', enum: ['USD'], default: 'USD', description: 'Currency of every amount' },
      maxConcurrentRuns: count('ShardRuns that may execute at the same time', 100000),
      enforcement: object(
        'How limits are enforced',
        {
          mode: {
            type: 'string',
            enum: ['FailClosed'],
            default: 'FailClosed',
            description: 'FailClosed: when usage is unknown or a limit is reached, new work is refused',
          },
        },
        ['mode'],
        { default: { mode: 'FailClosed' } },
      ),
    },
    ['maxTotalTokens', 'maxTotalCost', 'maxConcurrentRuns'],
  ),
  status: object('Usage against the limits', {
    usedTokens: count('Tokens consumed', Number.MAX_SAFE_INTEGER, 'int64'),
    usedCost: usdAmount('Cost incurred in USD'),
    activeRuns: count('ShardRuns executing now', 100000),
    exhausted: bool('Whether any limit is reached, so new work is refused'),
    observedGeneration,
    conditions,
  }),
  columns: [
    column('Max Tokens', 'integer', '.spec.maxTotalTokens', 'Token limit'),
    column('Max Cost', 'string', '.spec.maxTotalCost', 'Cost limit (USD)'),
    column('Max Runs', 'integer', '.spec.maxConcurrentRuns', 'Concurrent run limit'),
    column('Used Tokens', 'integer', '.status.usedTokens', 'Tokens consumed'),
    column('Used Cost', 'string', '.status.usedCost', 'Cost incurred (USD)'),
    column('Exhausted', 'boolean', '.status.exhausted', 'A limit is reached'),
  ],
});
