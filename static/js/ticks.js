// Checklist ticks sent by htmx: when one is not saved (a 4xx or 5xx answer, or no answer
// at all), say so at the item, in its live region. htmx leaves the item as it was.
(() => {
  const report = (event) => {
    const item = event.detail.elt.closest("[data-item]");
    const status = item && item.querySelector("[data-tick-error]");
    if (!status) return;
    status.textContent = status.dataset.tickError || "Not saved — try again"; // in the page's language
    if (event.detail.xhr && event.detail.xhr.status === 403) refreshToken();
  };

  // Signing in elsewhere renews the CSRF token (its cookie is HttpOnly): take the new one
  // from a fresh copy of this page, so that the next press is accepted.
  const refreshToken = async () => {
    try {
      const response = await fetch(location.pathname, { credentials: "same-origin" });
      const page = new DOMParser().parseFromString(await response.text(), "text/html");
      const fresh = page.querySelector("input[name=csrfmiddlewaretoken]");
      if (!fresh) return;
      document.querySelectorAll("input[name=csrfmiddlewaretoken]").forEach((input) => {
        input.value = fresh.value;
      });
      document.body.setAttribute("hx-headers", JSON.stringify({ "X-CSRFToken": fresh.value }));
    } catch {
      // Offline: the message stays, and the next press tries again.
    }
  };

  document.addEventListener("htmx:beforeRequest", (event) => {
    const item = event.detail.elt.closest("[data-item]");
    const status = item && item.querySelector("[data-tick-error]");
    if (status) status.textContent = "";
  });
  document.addEventListener("htmx:responseError", report);
  document.addEventListener("htmx:sendError", report);
})();
