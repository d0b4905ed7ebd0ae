#!/usr/bin/env node
// `npm run setup`: everything a fresh Debian machine with Node 20, a JDK and Maven needs, idempotent.
// Native modules (librdkafka via @confluentinc/kafka-javascript, better-sqlite3) build from source here.
// Plain Node with no dependencies, because it runs before `npm ci` has installed any.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { stripVTControlCharacters } from 'node:util';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** Debian packages by the reason we need them; each is installed only when missing. */
const debianPackages = {
  'building @confluentinc/kafka-javascript (librdkafka) from source': [
    'build-essential',
    'python3',
    'libcurl4-openssl-dev',
    'libssl-dev',
    'zlib1g-dev',
    'libzstd-dev',
    'libsasl2-dev',
    'liblz4-dev',
  ],
  'running Kafka brokers and fetching their jars': ['openjdk-17-jdk-headless', 'maven'],
  'validating the Docker Compose files in compose/ (tests)': ['docker-compose'],
  "the postgres sink's throwaway local server (when DATABASE_URL is not set)": ['postgresql'],
  'the browser tests of the HTML reports (headless Chromium driven by playwright-core)': ['chromium', 'fonts-dejavu-core'],
  'running the TypeScript notebooks in notebooks/ (Jupyter; the tslab kernel comes from npm)': ['jupyter-nbconvert', 'python3-ipykernel'],
};

class StepFailure extends Error {
  constructor(message, fix) {
    super(message);
    this.fix = fix;
  }
}

const steps = [
  ['Checking Node.js', checkNode],
  ['Debian packages', installDebianPackages],
  ['Java and Maven', checkJavaAndMaven],
  ['npm dependencies', installNpmDependencies],
  ['Apache Kafka jars, the JFR converter and the JMX exporter agent', fetchKafkaJars],
  ['TypeScript kernel for Jupyter (tslab)', installNotebookKernel],
];

function run(command, args, options = {}) {
  return spawnSync(command, args, { stdio: options.quiet ? 'pipe' : 'inherit', encoding: 'utf8', cwd: root, env: { ...process.env, ...options.env } });
}

function checkNode() {
  const [major, minor] = process.versions.node.split('.').map(Number);
  if (major < 20 || (major === 20 && minor < 10)) {
    throw new StepFailure(`Node.js ${process.versions.node} is too old`, 'install Node.js 20.10 or later');
  }
  return `Node.js ${process.versions.node}`;
}

function isInstalled(pkg) {
  const result = run('dpkg-query', ['-W', '-f=${Status}', pkg], { quiet: true });
  return result.status === 0 && result.stdout.includes('install ok installed');
}

function installDebianPackages() {
  if (run('dpkg-query', ['--version'], { quiet: true }).error) {
    const wanted = Object.entries(debianPackages)
      .map(([why, pkgs]) => `  for ${why}: ${pkgs.join(' ')}`)
      .join('\n');
    throw new StepFailure(
      `this is not a Debian-like system (no dpkg), so setup cannot install system packages`,
      `install the equivalents yourself, then rerun:\n${wanted}`,
    );
  }
  const missing = Object.values(debianPackages)
    .flat()
    .filter((pkg) => !isInstalled(pkg));
  if (missing.length === 0) return 'all present';
  if (process.getuid?.() !== 0) {
    throw new StepFailure(
      `missing Debian packages: ${missing.join(' ')}`,
      `run as root: apt-get update && apt-get install -y ${missing.join(' ')} — then rerun npm run setup`,
    );
  }
  const env = { DEBIAN_FRONTEND: 'noninteractive' };
  if (run('apt-get', ['update', '-qq'], { env }).status !== 0) {
    throw new StepFailure('apt-get update failed', 'check the network access to the Debian mirror, then rerun');
  }
  if (run('apt-get', ['install', '-y', '-qq', '-o', 'Dpkg::Use-Pty=0', '--no-install-recommends', ...missing], { env }).status !== 0) {
    throw new StepFailure(`apt-get could not install: ${missing.join(' ')}`, "see apt-get's output above");
  }
  return `installed ${missing.join(' ')}`;
}

function checkJavaAndMaven() {
  const java = run('java', ['-version'], { quiet: true });
  if (java.error) throw new StepFailure('java is not on PATH', 'install a JDK 17 or later, or set PATH/JAVA_HOME');
  const version = /version "(\d+)/.exec(java.stderr)?.[1];
  if (!version || Number(version) < 17) {
    throw new StepFailure(
      `Java ${version ?? '?'} found; Kafka 4 brokers need Java 17 or later`,
      'install openjdk-17-jdk-headless and make it the default java',
    );
  }
  const maven = run('mvn', ['-v'], { quiet: true });
  if (maven.error || maven.status !== 0) throw new StepFailure('Maven (mvn) does not run', 'install maven, then rerun');
  return `Java ${version}, ${stripVTControlCharacters(maven.stdout.split('\n')[0])}`;
}

/** npm ci takes minutes here (librdkafka builds from source), so it runs only when the lock file changed. */
function installNpmDependencies() {
  const lock = readFileSync(path.join(root, 'package-lock.json'));
  const digest = createHash('sha256').update(lock).digest('hex');
  const stamp = path.join(root, 'node_modules', '.kafka-lab-setup');
  const bindings = [
    'node_modules/@confluentinc/kafka-javascript/build/Release/confluent-kafka-javascript.node',
    'node_modules/better-sqlite3/build/Release/better_sqlite3.node',
  ].map((file) => path.join(root, file));
  if (existsSync(stamp) && readFileSync(stamp, 'utf8') === digest && bindings.every((b) => existsSync(b))) return 'up to date';
  // No prebuilt librdkafka can be downloaded here: link the system's libraries and build from source.
  const env = { CKJS_LINKING: 'dynamic', ...(existsSync('/usr/include/node/node.h') ? { npm_config_nodedir: '/usr' } : {}) };
  if (run('npm', ['ci', '--no-audit', '--no-fund'], { env }).status !== 0) {
    throw new StepFailure('npm ci failed', "see npm's output above; a failed node-gyp build usually means a missing -dev package from step 2");
  }
  const missing = bindings.filter((b) => !existsSync(b));
  if (missing.length > 0) {
    throw new StepFailure(
      `native modules installed without their bindings: ${missing.join(', ')}`,
      'check that the build libraries of step 2 are installed, then rerun',
    );
  }
  writeFileSync(stamp, digest);
  return 'installed';
}

function fetchKafkaJars() {
  const result = run(process.execPath, [path.join(root, 'bin/kafka-lab.mjs'), 'cluster', 'install'], { quiet: true });
  if (result.status !== 0) throw new StepFailure('fetching the Kafka jars failed', `${result.stderr.trim()}`);
  return result.stdout.trim();
}

/**
 * tslab's kernel must run under Debian's python3 (where python3-ipykernel is): the first `python3` on PATH can be
 * another installation without ipykernel.
 */
function installNotebookKernel() {
  const tslab = path.join(root, 'node_modules', '.bin', 'tslab');
  // An absolute --binary: Jupyter starts the kernel with its own PATH, which does not hold node_modules/.bin.
  const result = run(tslab, ['install', '--python=/usr/bin/python3', `--binary=${tslab}`], { quiet: true });
  if (result.status !== 0) throw new StepFailure('tslab install failed', `${(result.stderr || result.stdout).trim()}`);
  const listKernels = 'import json; from jupyter_client.kernelspec import KernelSpecManager; print(json.dumps(KernelSpecManager().get_all_specs()))';
  const kernels = run('/usr/bin/python3', ['-c', listKernels], { quiet: true });
  const spec = kernels.status === 0 ? JSON.parse(kernels.stdout).tslab : undefined;
  if (spec?.spec?.argv?.[0] !== tslab)
    throw new StepFailure('Jupyter does not list the tslab kernel after installing it', `check /usr/bin/python3 -c "${listKernels}"`);
  return `kernel tslab (TypeScript) at ${spec.resource_dir}`;
}

for (const [index, [title, step]] of steps.entries()) {
  const label = `[${index + 1}/${steps.length}] ${title}`;
  console.error(`${label} ...`);
  try {
    console.error(`${label}: ${step()}`);
  } catch (error) {
    console.error(`\nsetup failed at step ${index + 1} (${title}): ${error.message}`);
    console.error(`fix: ${error.fix ?? 'see the output above'}`);
    process.exit(1);
  }
}
console.error('setup complete: try `npm run cluster -- up`, or `npm test`');
