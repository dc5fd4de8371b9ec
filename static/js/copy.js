// Progressive enhancement for /share/: "Copy" buttons, shown only when JavaScript runs.
document.querySelectorAll("[data-copy]").forEach((button) => {
  const field = document.getElementById(button.dataset.copy);
  const status = document.querySelector(".copy-status");
  button.hidden = false;
  button.addEventListener("click", async () => {
    try {
      await navigator.clipboard.writeText(field.value);
      status.textContent = status.dataset.copied; // the page's language
    } catch {
      field.select();
      status.textContent = status.dataset.copyByHand;
    }
  });
});
