export { rubricScore, type RubricScore, type RubricScoreOptions, type DistractorReport } from './rubric-score.js';
export { rubricReward, type RewardInput, type RewardOptions, type RewardResult, type RubricSource } from './rubric-reward.js';
export { groupRewards, type GroupOptions, type GroupRewards } from './group-rewards.js';
export { combine, type RewardStrategy } from './strategy.js';
export { createScorer, defaultScorer, type Scorer, type ScorerOptions, type CacheStats } from './scorer.js';
