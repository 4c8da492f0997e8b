// The API's `/api/gpu` and production-monitor's GPU utilisation read the same source.
export * from '@flywheel/gpu-stats';
