// Seating a site visit's trainees on its buses (#18): each group kept together on one bus where
// any bus has room for it, the biggest groups placed first, each in the bus it fills best; a group
// no bus can take whole is split over the buses with the most room left. Pure, so it is tested alone.
export type SeatGroup = { key: string; name: string; members: number[] };
export type SeatVehicle = { id: number; free: number };

export function planSeats(groups: SeatGroup[], vehicles: SeatVehicle[]) {
  const free = new Map(vehicles.map((v) => [v.id, v.free]));
  const seats = new Map<number, number[]>(vehicles.map((v) => [v.id, []]));
  const split: string[] = [];
  const order = [...groups].sort((a, b) => b.members.length - a.members.length || a.key.localeCompare(b.key));
  for (const g of order) {
    const fits = vehicles.filter((v) => free.get(v.id)! >= g.members.length).sort((a, b) => free.get(a.id)! - free.get(b.id)! || a.id - b.id);
    if (fits.length) {
      seats.get(fits[0].id)!.push(...g.members);
      free.set(fits[0].id, free.get(fits[0].id)! - g.members.length);
      continue;
    }
    split.push(g.name);
    const rest = [...g.members];
    while (rest.length) {
      const roomiest = [...vehicles].sort((a, b) => free.get(b.id)! - free.get(a.id)! || a.id - b.id)[0];
      const n = Math.min(free.get(roomiest.id)!, rest.length);
      if (n <= 0) throw new Error('planSeats: not enough seats (checked by the caller)');
      seats.get(roomiest.id)!.push(...rest.splice(0, n));
      free.set(roomiest.id, free.get(roomiest.id)! - n);
    }
  }
  return { seats, split };
}
