// Validates the Kubernetes manifests in a folder without a cluster: every document against the
// Kubernetes API schema of its kind (kubernetes-models), then the rules aiges needs on top (probes
// on the health endpoints, resource requests, selectors that match, an HPA and a PDB).
//   node validate.mjs ../kubernetes [--config-out aiges.toml]
// Exit status 0 when everything holds; 1 with one line per problem otherwise.
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { parseAllDocuments } from "yaml";

const args = process.argv.slice(2);
const dir = args[0];
const configOut = args.indexOf("--config-out") >= 0 ? args[args.indexOf("--config-out") + 1] : null;
if (!dir) {
  console.error("usage: node validate.mjs <folder> [--config-out file]");
  process.exit(2);
}

const problems = [];
const objects = [];

for (const file of readdirSync(dir).filter((f) => f.endsWith(".yaml") || f.endsWith(".yml")).sort()) {
  const docs = parseAllDocuments(readFileSync(join(dir, file), "utf8"));
  for (const doc of docs) {
    if (doc.errors.length) {
      doc.errors.forEach((e) => problems.push(`${file}: YAML: ${e.message}`));
      continue;
    }
    const object = doc.toJS();
    if (object == null) continue;
    const where = `${file}: ${object.kind}/${object.metadata?.name}`;
    let Model;
    try {
      const module = await import(`kubernetes-models/${object.apiVersion}/${object.kind}`);
      Model = module[object.kind];
    } catch (e) {
      problems.push(`${where}: unknown apiVersion/kind ${object.apiVersion} ${object.kind}`);
      continue;
    }
    try {
      new Model(object).validate();
      console.log(`ok ${where}`);
    } catch (e) {
      problems.push(`${where}: ${e.message}`);
    }
    objects.push({ file, object });
  }
}

const of = (kind) => objects.filter((o) => o.object.kind === kind).map((o) => o.object);
const matches = (selector, labels) =>
  Object.entries(selector ?? {}).every(([k, v]) => (labels ?? {})[k] === v);

for (const kind of ["Deployment", "Service", "ConfigMap", "HorizontalPodAutoscaler", "PodDisruptionBudget"]) {
  if (of(kind).length === 0) problems.push(`no ${kind} in ${dir}`);
}

const deployment = of("Deployment").find((d) => d.metadata.name === "aiges");
if (!deployment) {
  problems.push("no Deployment named aiges");
} else {
  const podLabels = deployment.spec.template.metadata.labels;
  const aiges = deployment.spec.template.spec.containers.find((c) => c.name === "aiges");
  if (!aiges) problems.push("Deployment aiges has no container named aiges");
  else {
    if (aiges.readinessProbe?.httpGet?.path !== "/health/ready") problems.push("aiges readinessProbe must GET /health/ready");
    if (aiges.livenessProbe?.httpGet?.path !== "/health/live") problems.push("aiges livenessProbe must GET /health/live");
    if (!aiges.resources?.requests?.cpu || !aiges.resources?.requests?.memory) problems.push("aiges needs cpu and memory requests (the HPA's CPU target is relative to them)");
  }
  const service = of("Service").find((s) => s.metadata.name === "aiges");
  if (!service || !matches(service.spec.selector, podLabels)) problems.push("Service aiges must select the aiges pods");
  for (const pdb of of("PodDisruptionBudget")) {
    if (!matches(pdb.spec.selector.matchLabels, podLabels)) problems.push(`PodDisruptionBudget ${pdb.metadata.name} must select the aiges pods`);
  }
  for (const hpa of of("HorizontalPodAutoscaler")) {
    if (hpa.spec.scaleTargetRef.kind !== "Deployment" || hpa.spec.scaleTargetRef.name !== "aiges") problems.push(`HPA ${hpa.metadata.name} must scale Deployment aiges`);
    const types = hpa.spec.metrics.map((m) => m.type);
    if (!hpa.spec.metrics.some((m) => m.type === "Resource" && m.resource.name === "cpu")) problems.push(`HPA ${hpa.metadata.name} needs a CPU target`);
    if (!types.includes("Pods") && !types.includes("External")) problems.push(`HPA ${hpa.metadata.name} needs a queue or licence metric`);
  }
  const volumes = deployment.spec.template.spec.volumes ?? [];
  const sources = volumes.flatMap((v) => [v, ...(v.projected?.sources ?? [])]);
  for (const v of sources.filter((v) => v.configMap)) {
    if (!of("ConfigMap").some((c) => c.metadata.name === v.configMap.name)) problems.push(`ConfigMap ${v.configMap.name} mounted by aiges is missing`);
  }
  for (const v of sources.filter((v) => v.secret)) {
    const name = v.secret.secretName ?? v.secret.name;
    const secret = of("Secret").find((s) => s.metadata.name === name);
    if (!secret) problems.push(`Secret ${name} mounted by aiges is missing`);
    for (const item of v.secret.items ?? []) {
      if (secret && !(item.key in { ...secret.data, ...secret.stringData })) problems.push(`Secret ${name} has no ${item.key} for aiges`);
    }
  }
}

if (configOut) {
  const config = of("ConfigMap").find((c) => c.data?.["aiges.toml"]);
  if (!config) problems.push("no ConfigMap holds aiges.toml");
  else writeFileSync(configOut, config.data["aiges.toml"]);
}

if (problems.length) {
  problems.forEach((p) => console.error(`problem: ${p}`));
  process.exit(1);
}
console.log(`valid: ${objects.length} objects in ${dir}`);
