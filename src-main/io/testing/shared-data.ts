// Locates ../shared/data (beside the project root) for tests that use the real fixtures.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const SHARED_DATA = fileURLToPath(new URL('../../../../shared/data', import.meta.url));
export const HAVE_SHARED_DATA = existsSync(SHARED_DATA);
export const dataPath = (rel: string): string => `${SHARED_DATA}/${rel}`;
if (!HAVE_SHARED_DATA) console.warn(`[io tests] ${SHARED_DATA} is absent: tests on the real DICOM/PNG files are skipped`);
