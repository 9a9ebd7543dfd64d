import { createJointProcessingApp } from './joint-processing.app';

createJointProcessingApp().catch((error: unknown) => {
  process.stderr.write(`joint-processing failed to start: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
