using System.Runtime.CompilerServices;

// The t-SNE tests check the Barnes-Hut repulsion against the exact sum directly.
[assembly: InternalsVisibleTo("Course.Labs.Tests")]
