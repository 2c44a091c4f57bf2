// The library's names before actions were named after their verbs (`runX`); kept so that callers
// of aipc 1.2 keep working. Each is the same function as its `runX`.
import { runAirgapBundle, runAirgapImages, runAirgapVerify } from './airgap.js';
import { runBuild } from './build.js';
import { runCheck } from './check.js';
import { runCheckIsolation } from './check-isolation.js';
import { runCheckPodSecurity } from './check-pod-security.js';
import { runGenerate, runGenerateCheck } from './generate.js';
import { runRender, type RenderCommandOptions } from './render.js';
import { runValidate } from './validate.js';
import { runValues, runValuesAll } from './values.js';

/** @deprecated use runGenerateCheck */
export const checkChartDir = runGenerateCheck;
/** @deprecated use runGenerate */
export const writeChartDir = runGenerate;
/** @deprecated use runValues */
export const compileTierValues = runValues;
/** @deprecated use runValuesAll */
export const compileBuiltinTiers = runValuesAll;
/** @deprecated use runRender */
export const renderChart = runRender;
/** @deprecated use RenderCommandOptions */
export type RenderChartOptions = RenderCommandOptions;
/** @deprecated use runBuild */
export const build = runBuild;
/** @deprecated use runValidate */
export const validateInputs = runValidate;
/** @deprecated use runCheck */
export const checklistForTier = runCheck;
/** @deprecated use runCheckIsolation */
export const runIsolationCheck = runCheckIsolation;
/** @deprecated use runCheckPodSecurity */
export const runPodSecurityCheck = runCheckPodSecurity;
/** @deprecated use runAirgapImages */
export const airgapImages = runAirgapImages;
/** @deprecated use runAirgapBundle */
export const airgapBundle = runAirgapBundle;
/** @deprecated use runAirgapVerify */
export const airgapVerify = runAirgapVerify;
