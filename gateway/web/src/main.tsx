import { createRoot } from "react-dom/client";
import "./i18n"; // the UI's language (account, else browser) before the first render
import { App } from "./App";
import "./styles.css";
import "./theme.css";
import { storedTheme } from "./lib/theme";

document.documentElement.dataset.theme = storedTheme();

createRoot(document.getElementById("root")!).render(<App />);
