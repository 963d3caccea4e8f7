import note from "./note.txt";

export default {
  fetch(): Response {
    return new Response(
      typeof note === "string" ? `Text ${JSON.stringify(note)}` : `Data ${(note as ArrayBuffer).byteLength}`,
    );
  },
};
