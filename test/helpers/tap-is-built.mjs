// Exits 0 when tap's test class is built with the plugins package.json configures, 1 when `tap build`
// is due: the check tap makes before a run, for prepare, which rebuilds beside the dist build instead.
import { TapConfig } from '@tapjs/config';
import { signature } from '@tapjs/test';

const config = await TapConfig.load();
process.exitCode = config.pluginSignature === signature ? 0 : 1;
