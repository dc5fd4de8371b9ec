// Our one fix to Django's admin scripts (loaded by templates/admin/base_site.html).
// SelectFilter2.js, the two-list picker of filter_horizontal (a step's sources), names its
// search icons with aria-label on a bare <span>, which ARIA does not allow
// (aria-prohibited-attr): each such icon becomes an image, so its name counts.
(function () {
  "use strict";
  function nameIcons() {
    document.querySelectorAll("span.help-tooltip[aria-label]:not([role])").forEach(function (icon) {
      icon.setAttribute("role", "img");
    });
  }
  new MutationObserver(nameIcons).observe(document.documentElement, { childList: true, subtree: true });
  document.addEventListener("DOMContentLoaded", nameIcons);
})();
