/**
 * The console's HTML shell (served at `/__emulator/ui`). It holds no data: everything shown is
 * read by the script from the inspection API, so the shell may be served to a browser that has
 * not given the token yet (it then asks for it).
 *
 * @module
 */
export const consoleHtml: string = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>Emulator console · tencent-chat-push</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="/__emulator/ui/console.css">
</head>
<body>
<header class="top">
<div class="brand">tencent-chat-push <span>emulator console</span></div>
<span class="local" title="Everything here is this local emulator's in-memory state; nothing is sent to Tencent Cloud.">local emulator</span>
<nav id="nav" aria-label="views"></nav>
<span id="live" class="live">connecting</span>
</header>
<main id="main"><noscript>The console needs JavaScript.</noscript></main>
<div id="toasts" aria-live="polite"></div>
<script src="/__emulator/ui/console.js"></script>
</body>
</html>
`
