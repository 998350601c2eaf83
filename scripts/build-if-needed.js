// `npm start` runs the compiled bot; rebuild when any source is newer than the output.
const fs = require('fs');
const path = require('path');
const { execSync } = require('child_process');

const root = path.join(__dirname, '..');
const output = path.join(root, 'dist', 'src', 'start.js');

function newestMtime(dir) {
  let newest = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    const mtime = entry.isDirectory() ? newestMtime(full) : fs.statSync(full).mtimeMs;
    if (mtime > newest) newest = mtime;
  }
  return newest;
}

const built = fs.existsSync(output) ? fs.statSync(output).mtimeMs : 0;
if (built < newestMtime(path.join(root, 'src'))) {
  execSync('npm run build --silent', { cwd: root, stdio: 'inherit' });
}
