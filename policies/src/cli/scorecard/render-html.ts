import { SEVERITIES } from '../../engine/severity';
import { renderBaselineHtml } from './baseline-html';
import { describeUnexamined } from './build-scorecard';
import type { ControlResult, EvaluatedResource, FrameworkScore, Scorecard, ScoredFinding } from './model';

/**
 * The scorecard as one self-contained HTML page (inline CSS and script, no network): per-framework bars,
 * a control table filterable by text (control, rule or resource name), status, framework, severity and
 * namespace and sortable by severity, a per-namespace summary, and every finding linked to its resource; the
 * resource list follows the filters. The table fits a 1400 px window.
 */
export function renderScorecardHtml(card: Scorecard): string {
  const resourcesByKey = new Map(card.resources.map((resource) => [resource.key, resource]));
  const findingsByResource = new Map<string, ScoredFinding[]>();
  for (const result of card.controls) {
    for (const finding of result.findings) {
      const list = findingsByResource.get(finding.resourceKey) ?? [];
      if (!list.includes(finding)) list.push(finding);
      findingsByResource.set(finding.resourceKey, list);
    }
  }
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Compliance scorecard: ${esc(card.subject)}</title>
<style>${STYLE}</style>
</head>
<body>
<header>
  <h1>Compliance scorecard</h1>
  <p class="subject">${esc(card.subject)}</p>
  <p class="meta">${esc(card.tool.name)} ${esc(card.tool.version)} · generated ${esc(card.generatedAt)} ·
  ${card.totals.findings} open finding${card.totals.findings === 1 ? '' : 's'} · ${card.totals.exempted} exempted ·
  ${card.totals.unverified} unverified</p>
</header>
<main>
<section aria-label="Framework scores" class="frameworks">
${card.frameworks.map(renderFramework).join('\n')}
</section>
${card.baseline ? renderBaselineHtml(card.baseline, card.frameworks) : ''}
<section aria-label="Controls">
  <h2>Controls</h2>
  <form class="filters" onsubmit="return false">
    <label>Search <input id="filter-text" type="search" placeholder="id, title, rule, resource…"></label>
    <label>Status <select id="filter-status"><option value="">any</option>${statusOptions(card)}</select></label>
    <label>Framework <select id="filter-framework"><option value="">any</option>${card.frameworks
      .map((f) => `<option value="${f.framework}">${esc(f.title)}</option>`)
      .join('')}</select></label>
    <label>Severity <select id="filter-severity"><option value="">any</option>${SEVERITIES.map(
      (severity) => `<option value="${severity}">${severity}</option>`,
    ).join('')}</select></label>
    <label>Namespace <select id="filter-namespace"><option value="">any</option>${namespacesOf(card)
      .map((namespace) => `<option value="${esc(namespace)}">${esc(namespace)}</option>`)
      .join('')}</select></label>
    <output id="filter-count" aria-live="polite"></output>
  </form>
  <table id="controls">
    <colgroup><col class="c-status"><col class="c-control"><col class="c-severity"><col class="c-frameworks"><col class="c-evidence"><col class="c-remediation"></colgroup>
    <thead><tr><th>Status</th><th>Control</th><th><button type="button" id="sort-severity" class="sort" aria-label="sort by severity">Severity</button></th><th>Frameworks</th><th>Evidence</th><th>Remediation</th></tr></thead>
    <tbody>
${card.controls.map((result, index) => renderControl(result, index, resourcesByKey)).join('\n')}
    </tbody>
  </table>
</section>
${renderNamespaces(card, findingsByResource)}
<section aria-label="Resources">
  <h2>Resources with findings</h2>
  ${card.unexamined.length > 0 ? `<p class="unexamined">${esc(describeUnexamined(card.unexamined))}; no rule reads them, so they are no evidence for any control.</p>` : ''}
  ${renderResources(card.resources, findingsByResource)}
</section>
</main>
<script>${SCRIPT}</script>
</body>
</html>
`;
}

function renderFramework(score: FrameworkScore): string {
  return `<div class="framework" data-framework="${score.framework}">
  <div class="framework-head"><span class="framework-title">${esc(score.title)}</span>
  <span class="framework-score">${score.score === null ? 'no evidence' : `${score.satisfied}/${score.applicable} · ${Math.round(score.score * 100)}%`}</span></div>
  ${renderBar(score)}
  <div class="framework-counts">${Object.entries(score.counts)
    .filter(([, count]) => count > 0)
    .map(([status, count]) => `<span class="pill ${status}">${count} ${status}</span>`)
    .join(' ')}</div>
</div>`;
}

function renderBar(score: FrameworkScore): string {
  if (score.score === null) {
    return `<div class="bar" role="progressbar" aria-valuemin="0" aria-valuemax="100" aria-valuetext="no evidence: no applicable control was evaluated" aria-label="${esc(score.title)}"></div>`;
  }
  const percent = Math.round(score.score * 100);
  return `<div class="bar" role="progressbar" aria-valuemin="0" aria-valuemax="100" aria-valuenow="${percent}" aria-label="${esc(score.title)}">
    <div class="bar-fill ${percent === 100 ? 'full' : percent >= 80 ? 'good' : 'poor'}" style="width:${percent}%"></div>
  </div>`;
}

/** A namespace as the page names it: the resource's, or `(cluster)` for cluster-scoped and unplanned ones. */
const CLUSTER = '(cluster)';
function namespaceOfResource(resource: EvaluatedResource | undefined): string {
  return resource?.namespace ?? CLUSTER;
}

/** The namespaces of the evaluated resources, sorted, `(cluster)` last. */
function namespacesOf(card: Scorecard): string[] {
  const names = [...new Set(card.resources.map((resource) => namespaceOfResource(resource)))];
  return names.sort((a, b) => (a === CLUSTER ? 1 : b === CLUSTER ? -1 : a.localeCompare(b)));
}

/** Per namespace: resources evaluated, resources with open findings, open findings (a row per namespace). */
function renderNamespaces(
  card: Scorecard,
  findingsByResource: ReadonlyMap<string, readonly ScoredFinding[]>,
): string {
  const rows = namespacesOf(card).map((namespace) => {
    const resources = card.resources.filter((resource) => namespaceOfResource(resource) === namespace);
    const open = resources.map(
      (resource) =>
        (findingsByResource.get(resource.key) ?? []).filter((finding) => !finding.exemption).length,
    );
    const findings = open.reduce((sum, count) => sum + count, 0);
    return `<tr data-namespace="${esc(namespace)}"><td><code>${esc(namespace)}</code></td><td>${resources.length}</td><td>${open.filter((count) => count > 0).length}</td><td>${findings}</td></tr>`;
  });
  return `<section aria-label="Namespaces">
  <h2>By namespace</h2>
  <table id="namespaces"><thead><tr><th>Namespace</th><th>Resources</th><th>With findings</th><th>Open findings</th></tr></thead><tbody>${rows.join('')}</tbody></table>
</section>`;
}

function renderControl(
  result: ControlResult,
  index: number,
  resourcesByKey: ReadonlyMap<string, EvaluatedResource>,
): string {
  const { control } = result;
  const frameworks = Object.entries(control.frameworks)
    .filter(([, refs]) => (refs?.length ?? 0) > 0)
    .map(([name]) => name);
  const refs = [
    ...(control.frameworks.nsaCisa ?? []).map((ref) => `NSA/CISA: ${ref}`),
    ...(control.frameworks.cisEks ?? []).map((ref) => `CIS EKS ${ref}`),
    ...(control.frameworks.pss ?? []).map((ref) => `PSS ${ref.level}: ${ref.control}`),
    ...(control.frameworks.stig ?? []).map((ref) => `STIG ${ref}`),
  ];
  const resources = result.findings.map((finding) => resourcesByKey.get(finding.resourceKey));
  // A resource is found by its name, `Kind/name`, `namespace/name` and key.
  const resourceNames = result.findings.flatMap((finding, i) => {
    const resource = resources[i];
    if (!resource) return [finding.resourceKey];
    return [
      finding.resourceKey,
      resource.name,
      `${resource.type}/${resource.name}`,
      ...(resource.namespace ? [`${resource.namespace}/${resource.name}`] : []),
    ];
  });
  const searchText = [
    control.id,
    control.title,
    ...refs,
    ...result.rules.map((rule) => rule.id),
    ...resourceNames,
  ]
    .join(' ')
    .toLowerCase();
  const namespaces = [...new Set(resources.map((resource) => namespaceOfResource(resource)))];
  return `<tr id="control-${esc(control.id)}" data-status="${result.status}" data-frameworks="${frameworks.join(' ')}" data-severity="${result.severity}" data-rank="${SEVERITIES.indexOf(result.severity)}" data-order="${index}" data-namespaces="${esc(namespaces.join(' '))}" data-search="${esc(searchText)}">
  <td><span class="pill ${result.status}">${result.status}</span></td>
  <td><code>${esc(control.id)}</code><div>${esc(control.title)}</div><div class="muted">${esc(control.rationale)}</div></td>
  <td><span class="severity ${result.severity}">${result.severity}</span></td>
  <td><ul class="refs">${refs.map((ref) => `<li>${esc(ref)}</li>`).join('')}</ul></td>
  <td>${renderEvidence(result)}</td>
  <td>${esc(control.remediation)}</td>
</tr>`;
}

function renderEvidence(result: ControlResult): string {
  const parts = [`<div>${esc(result.summary)}</div>`];
  if (result.rules.length > 0) {
    parts.push(
      `<div class="muted">rules: ${result.rules
        .map(
          ({ id, tally }) =>
            `<code>${esc(id)}</code> (${tally.pass} pass, ${tally.fail} fail${tally.exempted ? `, ${tally.exempted} exempted` : ''})`,
        )
        .join(', ')}</div>`,
    );
  }
  if (result.defaults.length > 0)
    parts.push(`<div class="muted">defaults: ${esc(result.defaults.join(', '))}</div>`);
  if (result.findings.length > 0) {
    parts.push(
      `<ul class="findings">${result.findings
        .map(
          (finding) =>
            `<li class="${finding.exemption ? 'exempt' : finding.status}"><a href="#${anchor(finding.resourceKey)}">${esc(finding.resourceKey)}</a>: ${esc(finding.message)}${exemptionNote(finding)}</li>`,
        )
        .join('')}</ul>`,
    );
  }
  return parts.join('');
}

function renderResources(
  resources: readonly EvaluatedResource[],
  findingsByResource: ReadonlyMap<string, readonly ScoredFinding[]>,
): string {
  const withFindings = resources.filter((resource) => findingsByResource.has(resource.key));
  const clean = resources.length - withFindings.length;
  const rows = withFindings.map(
    (
      resource,
    ) => `<tr id="${anchor(resource.key)}" data-namespace="${esc(namespaceOfResource(resource))}" data-controls="${esc([...new Set((findingsByResource.get(resource.key) ?? []).flatMap((finding) => finding.controls))].join(' '))}"><td><code>${esc(resource.type)}</code></td><td>${esc(resource.namespace ? `${resource.namespace}/${resource.name}` : resource.name)}</td><td>${esc(resource.source)}</td>
  <td><ul class="findings">${(findingsByResource.get(resource.key) ?? [])
    .map(
      (finding) =>
        `<li>${finding.controls.map((id) => `<a href="#control-${esc(id)}" class="rule">${esc(id)}</a>`).join(' ')} <code>${esc(finding.rule)}</code> at <code>${esc(finding.path)}</code>: ${esc(finding.message)}${exemptionNote(finding)}</li>`,
    )
    .join('')}</ul></td></tr>`,
  );
  return `<p class="muted">${resources.length} resources evaluated; ${clean} with no findings.</p>
  ${rows.length === 0 ? '<p>No resource has a finding.</p>' : `<table id="resources"><thead><tr><th>Type</th><th>Name</th><th>Source</th><th>Findings</th></tr></thead><tbody>${rows.join('\n')}</tbody></table>`}`;
}

function exemptionNote(finding: ScoredFinding): string {
  return finding.exemption ? ` <em>(exempted: ${esc(finding.exemption.reason)})</em>` : '';
}

function statusOptions(card: Scorecard): string {
  const present = [...new Set(card.controls.map((result) => result.status))];
  return present.map((status) => `<option value="${status}">${status}</option>`).join('');
}

/** An HTML id for a resource key (keys hold `/`, `:` and `#`). */
export function anchor(key: string): string {
  return `resource-${key.replace(/[^A-Za-z0-9_-]/g, '_')}`;
}

function esc(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

const STYLE = `
:root{--pass:#1a7f37;--fail:#cf222e;--exempted:#9a6700;--unverified:#8250df;--manual:#57606a;--na:#8c959f;font-family:system-ui,-apple-system,Segoe UI,Roboto,sans-serif;color:#1f2328}
body{margin:0;background:#f6f8fa}header{background:#0d1117;color:#f0f6fc;padding:24px 32px}header h1{margin:0 0 4px;font-size:24px}
.subject{margin:0;font-size:16px}.meta{margin:8px 0 0;color:#9198a1;font-size:13px}main{padding:24px 32px;max-width:1400px}
.frameworks{display:grid;grid-template-columns:repeat(auto-fit,minmax(280px,1fr));gap:16px;margin-bottom:24px}
.framework{background:#fff;border:1px solid #d1d9e0;border-radius:8px;padding:16px}.framework-head{display:flex;justify-content:space-between;gap:8px;font-weight:600}
.framework-score{font-variant-numeric:tabular-nums}.bar{height:12px;background:#eaeef2;border-radius:6px;margin:12px 0 8px;overflow:hidden}
.bar-fill{height:100%}.bar-fill.full{background:var(--pass)}.bar-fill.good{background:#bf8700}.bar-fill.poor{background:var(--fail)}
.pill{display:inline-block;padding:1px 8px;border-radius:10px;font-size:12px;color:#fff;background:var(--na);white-space:nowrap}
.pill.pass{background:var(--pass)}.pill.fail{background:var(--fail)}.pill.exempted{background:var(--exempted)}.pill.unverified{background:var(--unverified)}.pill.manual{background:var(--manual)}
.filters{display:flex;flex-wrap:wrap;gap:16px;align-items:center;margin:8px 0 12px}.filters input,.filters select{margin-left:6px;padding:4px 6px}
table{border-collapse:collapse;width:100%;background:#fff;font-size:13px;table-layout:fixed}th,td{border-bottom:1px solid #d1d9e0;padding:8px;text-align:left;vertical-align:top;overflow-wrap:anywhere}
.c-status{width:96px}.c-control{width:22%}.c-severity{width:84px}.c-frameworks{width:15%}.c-evidence{width:30%}.c-remediation{width:auto}
#namespaces{width:auto;min-width:50%;table-layout:auto}.sort{font:inherit;font-weight:600;background:none;border:0;padding:0;cursor:pointer}.sort::after{content:' \\2195'}
.severity.critical{color:#82071e;font-weight:600}.severity.high{color:var(--fail)}.severity.medium{color:#9a6700}.severity.low{color:var(--manual)}
th{background:#f6f8fa;position:sticky;top:0}.muted{color:#59636e;font-size:12px}.refs{margin:0;padding-left:16px}.findings{margin:4px 0 0;padding-left:16px}
.unexamined{color:var(--exempted)}.findings .fail{color:var(--fail)}.findings .exempt{color:var(--exempted)}tr.hidden{display:none}tr:target{outline:2px solid #0969da}code{font-size:12px}
`;

const SCRIPT = `
(function(){
  var byId=function(id){return document.getElementById(id);};
  var text=byId('filter-text'),status=byId('filter-status'),fw=byId('filter-framework'),sev=byId('filter-severity'),ns=byId('filter-namespace'),count=byId('filter-count'),sort=byId('sort-severity');
  var body=document.querySelector('#controls tbody');
  var rows=Array.prototype.slice.call(body.querySelectorAll('tr'));
  var resources=Array.prototype.slice.call(document.querySelectorAll('#resources tbody tr'));
  var namespaces=Array.prototype.slice.call(document.querySelectorAll('#namespaces tbody tr'));
  var sorted=0;
  function words(value){return value?value.split(' '):[];}
  function apply(){
    var q=text.value.trim().toLowerCase(),s=status.value,f=fw.value,v=sev.value,n=ns.value,shown=0,visible={};
    rows.forEach(function(row){
      var ok=(!q||row.dataset.search.indexOf(q)>=0)&&(!s||row.dataset.status===s)&&(!f||words(row.dataset.frameworks).indexOf(f)>=0)&&(!v||row.dataset.severity===v)&&(!n||words(row.dataset.namespaces).indexOf(n)>=0);
      row.classList.toggle('hidden',!ok); if(ok){shown++;visible[row.id.slice(8)]=true;}
    });
    var filtered=!!(q||s||f||v||n);
    resources.forEach(function(row){
      var ok=(!n||row.dataset.namespace===n)&&(!filtered||words(row.dataset.controls).some(function(id){return visible[id];}));
      row.classList.toggle('hidden',!ok);
    });
    namespaces.forEach(function(row){row.classList.toggle('hidden',!!n&&row.dataset.namespace!==n);});
    count.textContent=shown+' of '+rows.length+' controls';
  }
  sort.addEventListener('click',function(){
    sorted=sorted===1?-1:1;
    rows.slice().sort(function(a,b){return sorted*(Number(a.dataset.rank)-Number(b.dataset.rank))||Number(a.dataset.order)-Number(b.dataset.order);}).forEach(function(row){body.appendChild(row);});
    sort.setAttribute('aria-sort',sorted===1?'descending':'ascending');
  });
  [text,status,fw,sev,ns].forEach(function(el){el.addEventListener('input',apply);el.addEventListener('change',apply);});
  apply();
})();
`;
