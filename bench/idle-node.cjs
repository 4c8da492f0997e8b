// The baseline of the RSS benchmark: a Node process that does nothing but stay alive.
setInterval(() => {}, 1_000);
