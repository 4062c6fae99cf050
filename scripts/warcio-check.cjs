// Reads WARC files with warcio and prints, for each, one JSON line:
// {"file", "records", "types": [...], "uris": [...], "digests": {"checked",
// "bad": [...]}, "requests": [...]}. Digests are recomputed over the block
// (the record's content as stored) and, for responses and requests, the
// payload (after the HTTP head), sha1 in base32 or sha256 in hex,
// whichever the header names. requests has, for each request record as
// warcio parses it, its index, method, request path, Host and User-Agent
// headers and the WARC-Concurrent-To ids.
"use strict";
const fs = require("fs");
const path = require("path");
const crypto = require("crypto");
const { WARCParser } = require(path.join(process.env.WARCIO_DIR, "node_modules", "warcio"));

const B32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
function base32(buf) {
  let bits = 0, value = 0, out = "";
  for (const b of buf) {
    value = (value << 8) | b;
    bits += 8;
    while (bits >= 5) {
      out += B32[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  if (bits > 0) out += B32[(value << (5 - bits)) & 31];
  return out;
}

function matches(header, data) {
  const i = header.indexOf(":");
  const algo = header.slice(0, i).toLowerCase().replace("-", "");
  const want = header.slice(i + 1);
  const sum = crypto.createHash(algo).update(data).digest();
  return want.toUpperCase() === base32(sum) || want.toLowerCase() === sum.toString("hex");
}

async function records(file, parseHttp) {
  const out = [];
  const parser = new WARCParser(fs.createReadStream(file), { parseHttp });
  for await (const rec of parser) {
    const data = await rec.readFully(false);
    out.push({ rec, data });
  }
  return out;
}

async function check(file) {
  const raw = await records(file, false);
  const http = await records(file, true);
  const res = { file, records: raw.length, types: [], uris: [], digests: { checked: 0, bad: [] }, requests: [] };
  raw.forEach(({ rec, data }, i) => {
    res.types.push(rec.warcType);
    res.uris.push(rec.warcTargetURI || "");
    const block = rec.warcBlockDigest;
    if (block) {
      res.digests.checked++;
      if (!matches(block, data)) res.digests.bad.push(`record ${i}: WARC-Block-Digest`);
    }
    const payload = rec.warcPayloadDigest;
    if (payload && (rec.warcType === "response" || rec.warcType === "request")) {
      res.digests.checked++;
      if (!matches(payload, http[i].data)) res.digests.bad.push(`record ${i}: WARC-Payload-Digest`);
    }
    if (rec.warcType === "request") {
      const h = http[i].rec.httpHeaders;
      res.requests.push({
        record: i,
        method: h ? h.method : "",
        path: h ? h.requestPath : "",
        host: h ? h.headers.get("Host") || "" : "",
        userAgent: h ? h.headers.get("User-Agent") || "" : "",
        concurrentTo: rec.warcConcurrentTo,
      });
    }
  });
  return res;
}

(async () => {
  for (const f of process.argv.slice(2)) {
    console.log(JSON.stringify(await check(f)));
  }
})().catch((e) => {
  console.error("warcio-check:", e && e.message ? e.message : e);
  process.exit(1);
});
