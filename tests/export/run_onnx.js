// Runs exported ONNX models in ONNX Runtime (onnxruntime-node) for tests/export_onnx_test.cpp.
// argv[2]: a JSON file listing jobs {model, input, rows, cols, out}. Each job's input is raw
// little-endian float32 [rows, cols]; every output of the model is written raw to `${out}.${name}`
// (float32, or int64 for `label`). Prints one line per job: its outputs and their shapes.
'use strict';
const fs = require('fs');
const ort = require('onnxruntime-node');

async function run(job) {
  const session = await ort.InferenceSession.create(job.model);
  const bytes = fs.readFileSync(job.input);
  // A copy: Float32Array needs a 4-byte-aligned buffer, which a Buffer's slice may not be.
  const data = new Float32Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.length));
  if (data.length !== job.rows * job.cols) throw new Error(`${job.input}: expected ${job.rows}x${job.cols} floats`);
  const results = await session.run({input: new ort.Tensor('float32', data, [job.rows, job.cols])});
  const shapes = [];
  for (const name of session.outputNames) {
    const t = results[name];
    fs.writeFileSync(`${job.out}.${name}`, Buffer.from(t.data.buffer, t.data.byteOffset, t.data.byteLength));
    shapes.push(`${name}:${t.type}[${t.dims.join(',')}]`);
  }
  console.log(`${job.model} ${shapes.join(' ')}`);
}

(async () => {
  for (const job of JSON.parse(fs.readFileSync(process.argv[2], 'utf8'))) await run(job);
})().catch((e) => {
  console.error(`run_onnx.js: ${e.message}`);
  process.exit(1);
});
