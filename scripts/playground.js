// `npm run playground`: the built bot and the Microsoft 365 Agents Playground, wired as in the e2e tests
// (five people in an ISC Learn team, the process in minutes, a tick every second), to try by hand in a
// browser. What happens is printed as it happens. Ctrl-C stops both.
//   PLAYGROUND_PORT (default 56150), PROCESS_FILE (default process/e2e-fast.process.json)
const path = require('path');
const { setInterval, clearInterval } = require('timers');
const swc = require('@swc/core');

// The e2e harness is TypeScript: compile it on the fly, as jest does with @swc/jest.
require.extensions['.ts'] = (module, filename) => {
  const { code } = swc.transformFileSync(filename, {
    jsc: { target: 'es2022', parser: { syntax: 'typescript' } },
    module: { type: 'commonjs' },
  });
  module._compile(code, filename);
};

const { startEnvironment } = require('../test/e2e/harness/environment.ts');
const { PEOPLE } = require('../test/e2e/harness/people.ts');

async function main() {
  const env = await startEnvironment({
    playgroundPort: Number(process.env.PLAYGROUND_PORT || 56150),
    ...(process.env.PROCESS_FILE ? { processFile: path.resolve(process.env.PROCESS_FILE) } : {}),
  });
  const transcript = env.driver.transcript;
  let printed = 0;
  const timer = setInterval(() => {
    const lines = transcript.text().split('\n').filter(Boolean);
    for (const line of lines.slice(printed)) console.log(line);
    printed = lines.length;
  }, 500);
  console.log(
    `Agents Playground: ${env.playground.baseUrl}/  (bot at ${env.bot.url}, DATA_DIR under ${env.dir}, removed on Ctrl-C)`,
  );
  console.log(`You are ${PEOPLE.implementer.name}; the approver is ${PEOPLE.approver.name}.`);
  console.log('Open the General channel and type "@change new". Ctrl-C stops.');
  const stop = async () => {
    clearInterval(timer);
    await env.stop();
    process.exit(0);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
