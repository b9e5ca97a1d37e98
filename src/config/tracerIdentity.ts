/** Instrumentation scope of every span this library starts. */
export const TRACER_NAME = 'foundation-telemetry';

/** The package version; a test keeps it equal to package.json's. */
export const TRACER_VERSION = '0.1.0';
