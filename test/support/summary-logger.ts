/**
 * The summary lines the robustness and reliability tests print (counts by kind and outcome):
 * pino like everything else, on stderr, pretty on a terminal, JSON lines in CI logs.
 */
import { createLogger } from '../../workers/logger.ts';

export const summaryLogger = createLogger({ logLevel: 'info' }, { name: 'test-summary', stream: 'stderr' });
