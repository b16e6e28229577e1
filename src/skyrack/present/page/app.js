// skyrack's page: a scenario editor, sliders for the keys people trade, a live cost waterfall, the break-even
// launch price, runs with progress, and the runs folder. Talks only to this server's /api.
"use strict";

// Each slider sets one scenario key by override; the value is written with its unit as in a scenario file.
const SLIDERS = [
  { key: "launch.price", label: "launch price", min: 10, max: 5000, step: 10, unit: "USD/kg", value: 200,
    show: (v) => `$${v.toLocaleString()}/kg`, text: (v) => `${v} USD/kg` },
  { key: "ground.electricity_price", label: "electricity price (ground)", min: 0.02, max: 0.3, step: 0.005,
    value: 0.06, show: (v) => `${(v * 100).toFixed(1)} ¢/kWh`, text: (v) => `${v} USD/kWh` },
  { key: "ground.pue", label: "PUE (ground)", min: 1.05, max: 2.0, step: 0.01, value: 1.1,
    show: (v) => v.toFixed(2), text: (v) => `${v}` },
  { key: "satellite.thermal.radiator_temperature", label: "radiator temperature", min: -20, max: 90, step: 1,
    value: 40, show: (v) => `${v} °C`, text: (v) => `${v} degC` },
  { key: "satellite.accelerators", label: "accelerators a satellite", min: 1, max: 64, step: 1, value: 16,
    show: (v) => `${v}`, text: (v) => `${v}` },
  { key: "orbit.altitude", label: "altitude", min: 400, max: 1500, step: 10, value: 650,
    show: (v) => `${v} km`, text: (v) => `${v} km` },
  { key: "orbit.ltan", label: "LTAN (sun-synchronous)", min: 0, max: 23.5, step: 0.5, value: 18,
    show: hhmm, text: hhmm },
];

function hhmm(v) {
  const h = Math.floor(v), m = Math.round((v - h) * 60);
  return `${String(h).padStart(2, "0")}:${String(m).padStart(2, "0")}`;
}

const state = { touched: new Set(), sparing: null, timer: null, seq: 0 };
const $ = (id) => document.getElementById(id);

async function api(path, body) {
  const init = body === undefined ? {} : {
    method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) };
  const response = await fetch(path, init);
  const data = await response.json().catch(() => ({}));
  if (!response.ok) {
    const message = data.message || (Array.isArray(data.detail) ? data.detail.map((d) => d.msg || d.message).join("\n")
      : data.detail) || response.statusText;
    throw new Error(message);
  }
  return data;
}

function overrides() {
  const out = [...state.form].map(([k, v]) => `${k}=${v}`);
  for (const s of SLIDERS) {
    if (state.touched.has(s.key)) out.push(`${s.key}=${s.text(Number($(`slider-${s.key}`).value))}`);
  }
  if (state.sparing) out.push(`fleet.sparing=${state.sparing}`);
  return out;
}

// The form: a field for every scalar key of the scenario's JSON schema, section by section; what is typed there is
// sent as overrides (key=value), on top of the file and before the sliders.
state.form = new Map();

function resolve(schema, node) {
  if (node && node.$ref) return schema.$defs[node.$ref.split("/").pop()];
  if (node && node.anyOf) {
    const ref = node.anyOf.find((n) => n.$ref);
    if (ref) return schema.$defs[ref.$ref.split("/").pop()];
  }
  return null;
}

function scalarType(node) {
  const options = node.anyOf ? node.anyOf.filter((n) => n.type !== "null") : [node];
  const first = options[0] || {};
  if (first.enum) return { kind: "enum", values: first.enum };
  if (["string", "number", "integer", "boolean"].includes(first.type)) return { kind: first.type };
  return null;
}

function buildForm(schema, def, prefix, box, depth) {
  for (const [key, node] of Object.entries(def.properties || {})) {
    const path = prefix ? `${prefix}.${key}` : key;
    const nested = resolve(schema, node);
    if (nested && depth < 3) {
      const details = document.createElement("details");
      details.innerHTML = `<summary>${path}</summary>`;
      box.appendChild(details);
      buildForm(schema, nested, path, details, depth + 1);
      continue;
    }
    const type = scalarType(node);
    if (!type) continue;
    const row = document.createElement("label");
    row.className = "field";
    row.title = node.description || "";
    let input;
    if (type.kind === "enum" || type.kind === "boolean") {
      input = document.createElement("select");
      const values = type.kind === "boolean" ? [true, false] : type.values;
      input.innerHTML = `<option value="">(as the file says)</option>` +
        values.map((v) => `<option value="${v}">${v}</option>`).join("");
    } else {
      input = document.createElement("input");
      input.type = "text";
      input.placeholder = node.default === undefined || node.default === null ? "" : String(node.default);
    }
    input.dataset.key = path;
    input.addEventListener("change", () => {
      if (input.value === "") state.form.delete(path); else state.form.set(path, input.value);
      schedule();
    });
    row.innerHTML = `<span>${key}</span>`;
    row.appendChild(input);
    box.appendChild(row);
  }
}

async function loadForm() {
  const schema = await api("/api/schema");
  const box = $("form");
  for (const [section, node] of Object.entries(schema.properties)) {
    const def = resolve(schema, node);
    if (!def || section === "catalog") continue;
    const details = document.createElement("details");
    details.innerHTML = `<summary>[${section}]</summary>`;
    box.appendChild(details);
    buildForm(schema, def, section, details, 1);
  }
}

function request() {
  return { scenario: $("toml").value, overrides: overrides() };
}

function status(text, kind) {
  const el = $("status");
  el.textContent = text;
  el.className = kind || "";
}

function buildSliders() {
  const box = $("sliders");
  for (const s of SLIDERS) {
    const label = document.createElement("label");
    label.innerHTML = `<span>${s.label}</span><input type="range" id="slider-${s.key}" min="${s.min}" max="${s.max}"
      step="${s.step}" value="${s.value}" aria-label="${s.label}"><output id="out-${s.key}"></output>`;
    box.appendChild(label);
    const input = label.querySelector("input");
    const show = () => { $(`out-${s.key}`).textContent = s.show(Number(input.value)); };
    show();
    input.addEventListener("input", () => { state.touched.add(s.key); show(); schedule(); });
  }
  const label = document.createElement("label");
  label.innerHTML = `<span>sparing</span><select id="sparing"><option value="">as the file says</option>
    <option value="replace">replace by launch</option><option value="in-orbit">spares in orbit</option></select><output></output>`;
  box.appendChild(label);
  label.querySelector("select").addEventListener("change", (e) => { state.sparing = e.target.value || null; schedule(); });
}

function schedule() {
  clearTimeout(state.timer);
  state.timer = setTimeout(update, 150);  // debounced: design and cost take milliseconds, typing is faster
}

// Where an untouched slider stands: the scenario's own value, read back from the design and the comparison.
const FROM_RESULTS = {
  "launch.price": (d, c) => c.orbit.launch_price_usd_per_kg,
  "ground.electricity_price": (d, c) => c.ground.electricity_usd_per_kwh,
  "ground.pue": (d, c) => c.ground.pue,
  "satellite.thermal.radiator_temperature": (d) => d.satellite.radiator_temperature_c,
  "satellite.accelerators": (d) => d.satellite.accelerators,
  "orbit.altitude": (d) => d.orbit.altitude_km,
};

function follow(design, comparison) {
  for (const s of SLIDERS) {
    const read = FROM_RESULTS[s.key];
    if (state.touched.has(s.key) || !read) continue;
    const value = read(design, comparison);
    if (value === null || value === undefined) continue;
    const input = $(`slider-${s.key}`);
    input.value = value;
    $(`out-${s.key}`).textContent = s.show(Number(input.value));
  }
}

async function update() {
  const seq = ++state.seq;
  try {
    const [c, d] = await Promise.all([api("/api/compare", request()), api("/api/design", request())]);
    if (seq !== state.seq) return;  // a newer request is on its way
    follow(d, c);
    drawCompare(c);
    status(`valid: ${c.scenario}`, "ok");
  } catch (err) {
    if (seq === state.seq) status(err.message, "error");
  }
}

function money(v) {
  return v === null || v === undefined ? "—" : `$${v.toFixed(3)}`;
}

function drawCompare(c) {
  const orbit = c.orbit.usd_per_gpu_hour, ground = c.ground.usd_per_gpu_hour;
  $("headline").textContent = `orbit ${money(orbit)} per GPU-hour, ground ${money(ground)}: orbit/ground ` +
    `${c.ratio_orbit_to_ground === null ? "—" : c.ratio_orbit_to_ground.toFixed(2)}`;
  const items = c.waterfall || [];
  const x = ["ground", ...items.map((s) => s.item.replaceAll("_", " ")), "orbit"];
  const y = [ground, ...items.map((s) => s.usd_per_gpu_hour), orbit];
  const measure = ["absolute", ...items.map(() => "relative"), "total"];
  Plotly.react("waterfall", [{ type: "waterfall", x, y, measure, connector: { line: { color: "#8c959f" } } }], {
    title: { text: "From the ground's $ per GPU-hour to the orbit's, item by item" },
    yaxis: { title: { text: "$ per available GPU-hour [USD/h]" } }, xaxis: { title: { text: "item" } },
    margin: { b: 120 },
  }, { displaylogo: false, responsive: true });
}

async function breakeven() {
  $("breakeven-text").textContent = "scanning …";
  try {
    const b = await api("/api/breakeven", { ...request(), param: "launch.price", points: 21 });
    const x = b.curve.map((p) => p.value);
    Plotly.react("breakeven-chart", [
      { x, y: b.curve.map((p) => p.orbit_usd_per_gpu_hour), name: "orbit", mode: "lines" },
      { x, y: b.curve.map((p) => p.ground_usd_per_gpu_hour), name: "ground", mode: "lines" },
    ], { xaxis: { title: { text: "launch price [USD/kg]" }, type: "log" },
         yaxis: { title: { text: "$ per GPU-hour [USD/h]" } } },
    { displaylogo: false, responsive: true });
    $("breakeven-text").textContent = b.value === null ? b.reason : `break-even at $${b.value.toFixed(0)}/kg`;
  } catch (err) {
    $("breakeven-text").textContent = err.message;
  }
}

async function run() {
  $("job").textContent = "";
  $("progress").value = 0;
  try {
    const { id } = await api("/api/jobs", { ...request(), kind: "run" });
    const events = new EventSource(`/api/jobs/${id}/events`);
    events.onmessage = async (e) => {
      const job = JSON.parse(e.data);
      $("progress").value = job.progress;
      $("job").textContent = `${job.state}${job.stage ? `: ${job.stage}` : ""}`;
      if (job.state === "done" || job.state === "failed") {
        events.close();
        const full = await api(`/api/jobs/${id}`);
        if (full.state === "done") {
          $("job").innerHTML = "";
          const a = document.createElement("a");
          a.href = `/runs/${encodeURIComponent(full.result.run)}/report.html`;
          a.textContent = `${full.result.headline} — open the report`;
          a.id = "report-link";
          $("job").appendChild(a);
        } else {
          $("job").textContent = `failed: ${full.error.message}`;
          $("job").className = "error";
        }
        listRuns();
      }
    };
  } catch (err) {
    $("job").textContent = err.message;
    $("job").className = "error";
  }
}

// A job to its end with its progress bar (server-sent events), then `done(result)`.
async function followJob(body, bar, box, done) {
  box.textContent = ""; box.className = ""; bar.value = 0;
  try {
    const { id } = await api("/api/jobs", body);
    const events = new EventSource(`/api/jobs/${id}/events`);
    events.onmessage = async (e) => {
      const job = JSON.parse(e.data);
      bar.value = job.progress;
      box.textContent = `${job.state}${job.stage ? `: ${job.stage}` : ""}`;
      if (job.state !== "done" && job.state !== "failed") return;
      events.close();
      const full = await api(`/api/jobs/${id}`);
      if (full.state === "done") { box.textContent = ""; done(full.result); }
      else { box.textContent = `failed: ${full.error.message}`; box.className = "error"; }
    };
  } catch (err) { box.textContent = err.message; box.className = "error"; }
}

function sweep() {
  const grid = $("grid").value.split("\n").map((l) => l.trim()).filter((l) => l);
  followJob({ ...request(), kind: "sweep", grid }, $("sweep-progress"), $("sweep-job"), (result) => {
    const a = document.createElement("a");
    a.href = result.page; a.id = "study-link";
    a.textContent = `${result.points} points, ${result.feasible} feasible, best orbit ` +
      `${money(result.best_usd_per_gpu_hour)} per GPU-hour — open the study`;
    $("sweep-job").appendChild(a);
    listStudies();
  });
}

async function listStudies() {
  const studies = await api("/api/studies");
  const body = $("studies").querySelector("tbody");
  body.innerHTML = "";
  for (const st of studies) {
    const tr = document.createElement("tr");
    const link = document.createElement("a");
    link.href = `/studies/${encodeURIComponent(st.name)}/study.html`;
    link.textContent = st.name;
    const best = st.best_usd_per_gpu_hour === null || st.best_usd_per_gpu_hour === undefined ? "—"
      : `$${st.best_usd_per_gpu_hour.toFixed(3)}`;
    for (const cell of [link, document.createTextNode(`${st.done} of ${st.points}`), document.createTextNode(best)]) {
      const td = document.createElement("td"); td.appendChild(cell); tr.appendChild(td);
    }
    body.appendChild(tr);
  }
}

async function query() {
  const box = $("query-result");
  box.textContent = "";
  try {
    const result = await api("/api/query", { sql: $("sql").value });
    const table = document.createElement("table");
    const head = document.createElement("tr");
    for (const c of result.columns) { const th = document.createElement("th"); th.textContent = c; head.appendChild(th); }
    table.appendChild(head);
    for (const row of result.rows.slice(0, 200)) {
      const tr = document.createElement("tr");
      for (const v of row) {
        const td = document.createElement("td");
        td.textContent = typeof v === "number" ? Number(v.toPrecision(6)).toString() : String(v);
        tr.appendChild(td);
      }
      table.appendChild(tr);
    }
    box.appendChild(table);
    if (result.rows.length > 200) box.appendChild(document.createTextNode(`… ${result.rows.length} rows in all`));
  } catch (err) { box.textContent = err.message; box.className = "error"; }
}

async function listRuns() {
  const runs = await api("/api/runs");
  const body = $("runs").querySelector("tbody");
  body.innerHTML = "";
  for (const r of runs) {
    const tr = document.createElement("tr");
    const link = document.createElement("a");
    link.href = `/runs/${encodeURIComponent(r.name)}/report.html`;
    link.textContent = r.name;
    const cells = [link, document.createTextNode(r.headline)];
    for (const cell of cells) { const td = document.createElement("td"); td.appendChild(cell); tr.appendChild(td); }
    const td = document.createElement("td");
    const box = document.createElement("input");
    box.type = "checkbox"; box.value = r.name; box.className = "diff-pick";
    box.addEventListener("change", diffPicked);
    td.appendChild(box); tr.appendChild(td);
    body.appendChild(tr);
  }
}

async function diffPicked() {
  const picked = [...document.querySelectorAll(".diff-pick:checked")].map((b) => b.value);
  if (picked.length !== 2) { $("diff").textContent = picked.length ? "pick one more run to compare" : ""; return; }
  const changes = await api(`/api/runs/${encodeURIComponent(picked[0])}/diff/${encodeURIComponent(picked[1])}`);
  const shown = changes.filter((c) => !c.key.startsWith("summary.created") && !c.key.includes("timings"));
  $("diff").textContent = shown.length ? shown.slice(0, 40).map((c) => `${c.key}: ${c.before} → ${c.after}`).join("\n")
    : "the same assumptions and results";
  $("diff").style.whiteSpace = "pre-wrap";
}

async function loadExamples() {
  const examples = await api("/api/examples");
  const select = $("example");
  for (const e of examples) {
    const option = document.createElement("option");
    option.value = e.name; option.textContent = e.name;
    select.appendChild(option);
  }
  const pick = () => {
    const chosen = examples.find((e) => e.name === select.value);
    if (chosen) { $("toml").value = chosen.scenario; state.touched.clear(); update(); }
  };
  select.addEventListener("change", pick);
  if (examples.some((e) => e.name === "suncatcher")) select.value = "suncatcher";
  pick();
}

// The globe: CesiumJS from this server (/cesium/, installed with npm ci), the bundled Natural Earth II texture as
// the only imagery (nothing is fetched from elsewhere), the fleet's CZML from /api/czml.
let viewer = null;

function loadCesium() {
  if (window.Cesium) return Promise.resolve();
  window.CESIUM_BASE_URL = "/cesium/";
  const css = document.createElement("link");
  css.rel = "stylesheet"; css.href = "/cesium/Widgets/widgets.css";
  document.head.appendChild(css);
  return new Promise((resolve, reject) => {
    const script = document.createElement("script");
    script.src = "/cesium/Cesium.js";
    script.onload = resolve; script.onerror = () => reject(new Error("CesiumJS did not load"));
    document.head.appendChild(script);
  });
}

async function showGlobe() {
  $("globe-text").textContent = "";
  const globe = await api("/api/globe");
  if (!globe.available) { $("globe-text").textContent = `the globe needs CesiumJS: ${globe.install}`; return; }
  try {
    await loadCesium();
    const C = window.Cesium;
    if (!viewer) {
      $("globe").style.display = "block";
      const imagery = await C.TileMapServiceImageryProvider.fromUrl(C.buildModuleUrl("Assets/Textures/NaturalEarthII"));
      viewer = new C.Viewer("globe", {
        baseLayer: new C.ImageryLayer(imagery), baseLayerPicker: false, geocoder: false, homeButton: false,
        sceneModePicker: false, navigationHelpButton: false, fullscreenButton: false, infoBox: true,
        selectionIndicator: true, shadows: false, skyBox: false, skyAtmosphere: false,
      });
      viewer.scene.globe.enableLighting = true;  // the day and night sides, from the Sun's position
      window.skyrackViewer = viewer;
    }
    const czml = await api("/api/czml", request());
    viewer.dataSources.removeAll();
    const source = await C.CzmlDataSource.load(czml);
    await viewer.dataSources.add(source);
    viewer.clock.shouldAnimate = true;
    $("globe-text").textContent = `${source.entities.values.length} objects: satellites (yellow in sunlight, ` +
      "grey in the shadow), links, stations";
  } catch (err) {
    $("globe-text").textContent = err.message;
  }
}

$("globe-show").addEventListener("click", showGlobe);
$("validate").addEventListener("click", async () => {
  try { const v = await api("/api/validate", request()); status(`valid: ${v.name}`, "ok"); }
  catch (err) { status(err.message, "error"); }
});
$("toml").addEventListener("input", schedule);
$("reset").addEventListener("click", () => { state.touched.clear(); update(); });
$("breakeven").addEventListener("click", breakeven);
$("run").addEventListener("click", run);
$("sweep").addEventListener("click", sweep);
$("query").addEventListener("click", query);
buildSliders();
loadForm();
loadExamples();
listRuns();
listStudies();
